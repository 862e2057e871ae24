// A scenario's inline users are read exactly: id, username, email, properties. A key the users
// import's column guess takes for an identity column (mail, login, userId…) is an error naming it,
// where it was silently the user's email or username (or a property, depending on the other users).
import { describe, expect, it } from 'vitest';
import { canonicalInlineUser } from '../../../src-shared/scenario/inline-users';
import { errorsOf, ok } from './load-helpers';

const at = (line: number, column: number, message: string) => ({ file: 'x.scenario.yaml', line, column, message });

describe('inline users', () => {
  it('a key the import would read as an identity column is an error with its line and the field meant', () => {
    const text = ['name: a', 'steps:', '  - users:', '      - { id: u1, username: ada, email: ada@example.com, plan: pro }', '      - { id: u2, mail: bob@example.com, login: bob }', '      - { id: u3, userId: cy, E-mail: cy@example.com }', ''].join('\n');
    expect(errorsOf(text)).toEqual([
      at(5, 25, 'step 1: users[1].mail: "mail" is not a field of an inline user; did you mean "email"? A users file\'s column "mail" would be read as the email; to keep it as a property, put it under properties'),
      at(5, 49, 'step 1: users[1].login: "login" is not a field of an inline user; did you mean "username"? A users file\'s column "login" would be read as the username; to keep it as a property, put it under properties'),
      at(6, 27, 'step 1: users[2].userId: "userId" is not a field of an inline user; did you mean "username" (what a message\'s userId is compared with)? A users file\'s column "userId" would be read as the username; to keep it as a property, put it under properties'),
      at(6, 39, 'step 1: users[2].E-mail: "E-mail" is not a field of an inline user; did you mean "email"? A users file\'s column "E-mail" would be read as the email; to keep it as a property, put it under properties'),
    ]);
    expect(errorsOf('name: a\nsteps:\n  - users: [{ id: u1, username: ada, properties: pro }]\n')[0].message).toBe("step 1: users[0].properties: properties must be an object of the user's properties (name: value)");
  });

  it('a CRM record id key (which the import takes as the id only when no column is one) is a property, not an error', () => {
    const s = ok(['name: a', 'steps:', '  - users: [{ id: u1, email: ada@example.com, Record ID: "51", hs_object_id: "51" }]', ''].join('\n'));
    const step = s.steps[0];
    if (step.kind !== 'users' || !Array.isArray(step.users)) throw new Error('a users step');
    expect(canonicalInlineUser(step.users[0])).toEqual({ id: 'u1', email: 'ada@example.com', properties: { 'Record ID': '51', hs_object_id: '51' } });
  });

  it('under properties they are properties; GET /api/users\'s createdBy, touchedBy and sources are left out', () => {
    const s = ok(['name: a', 'steps:', '  - users: [{ id: u1, username: ada, properties: { mail: old@example.com, userId: "42" }, plan: pro, createdBy: 3, touchedBy: [3, 5], sources: [webhook] }]', ''].join('\n'));
    const step = s.steps[0];
    if (step.kind !== 'users' || !Array.isArray(step.users)) throw new Error('a users step');
    expect(canonicalInlineUser(step.users[0])).toEqual({ id: 'u1', username: 'ada', properties: { mail: 'old@example.com', userId: '42', plan: 'pro' } });
  });
});
