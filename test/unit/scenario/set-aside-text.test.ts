// What the Scenarios tab and the app banner say of a set-aside: webhooks were overwritten without a
// word; now they are set aside with the directory, and the texts say so (counts with plural.ts).
import { describe, expect, it } from 'vitest';
import { andList, beforePlayText, setAsideTexts } from '../../../src-shared/scenario/set-aside-text';
import type { ScenarioChanges } from '../../../src-shared/scenario/changes';

const MATCHING = { emailComparison: 'ignore-case-and-space', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' } as const;
const base = { scenario: 'PF', savedAt: '2026-01-01T00:00:00.000Z' };

describe('set-aside texts', () => {
  it('joins a list with commas and a last "and"', () => {
    expect([andList([]), andList(['a']), andList(['a', 'b']), andList(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });

  it('says the directory and the webhooks were set aside, and what Restore mine does', () => {
    const t = setAsideTexts({ ...base, users: 2, matching: MATCHING, webhooks: ['pf'] });
    expect(t.full).toBe(
      'Your own users directory (2 users), matching settings (emailComparison: ignore-case-and-space, noIdentity: unmatched, conflict: email-wins, scope: webhook) and 1 webhook (pf) are set aside since “PF” played: matching now uses the scenario’s, so the Matching tab and the inspector show its decisions; /webhook/pf uses the scenario’s secret and settings.',
    );
    expect(t.short).toEqual({ lead: 'The app uses the users directory, matching settings and webhook pf of “PF”:', rest: 'your own are set aside until you restore them.' });
    expect(t.restore).toBe('Put your own directory, matching settings and webhook back (the decisions are derived again from them)');
    // The Scenarios tab's line names what is set aside, without the settings' values (in `full`).
    expect(t.summary).toEqual({ lead: 'Set aside:', rest: 'your users directory, matching settings and webhook pf.' });
  });

  it('the Scenarios tab\'s line: a timeout alone, several webhooks, and ones a scenario added', () => {
    expect(setAsideTexts({ ...base, timeoutMs: 600_000 }).summary.rest).toBe('your session timeout.');
    expect(setAsideTexts({ ...base, webhooks: ['pf', 'crm'], addedWebhooks: ['fresh'] }).summary.rest).toBe('your webhooks pf and crm; added: webhook fresh.');
    expect(setAsideTexts({ ...base, addedWebhooks: ['a', 'b'] }).summary).toEqual({ lead: 'Added by a scenario:', rest: 'webhooks a and b, which you did not have.' });
  });

  it('names webhooks alone, several, and the ones restoring removes', () => {
    const t = setAsideTexts({ ...base, webhooks: ['pf', 'crm'], addedWebhooks: ['fresh'] });
    expect(t.full).toBe('Your own 2 webhooks (pf, crm) are set aside since “PF” played: /webhook/pf, /webhook/crm and /webhook/fresh use the scenario’s secret and settings. Restore mine also removes the webhook fresh, which you did not have.');
    // Named, without a count after "the" (it read "the 1 webhook (pf)").
    expect(t.short.lead).toBe('The app uses the webhooks pf, crm and fresh of “PF”:');
    expect(t.restore).toBe('Put your own webhooks back, and remove the webhook fresh, which you did not have');
    expect(setAsideTexts({ ...base, webhooks: ['pf'] }).full).toMatch(/^Your own 1 webhook \(pf\) is set aside/);
    const added = setAsideTexts({ ...base, addedWebhooks: ['a', 'b'] });
    expect(added.full).toBe('“PF” added 2 webhooks (a, b), which you did not have: /webhook/a and /webhook/b use the scenario’s secret and settings. Restore mine removes them.');
    expect(added.short.rest).toBe('Restore mine removes them.');
    expect(added.restore).toBe('Remove the webhooks a, b, which you did not have');
  });

  it('a timeout alone says so, not that matching changed', () => {
    expect(setAsideTexts({ ...base, timeoutMs: 600_000 }).full).toBe('Your own session timeout (10 min) is set aside since “PF” played: sessions now time out after the scenario’s timeout.');
  });

  it('before Play: the webhooks the file configures replace the user’s of those names', () => {
    const changes: ScenarioChanges = { matching: true, inlineUsers: 1, userFiles: [], webhooks: ['pf'] };
    expect(beforePlayText(changes, null)).toBe(
      'matching starts from an empty directory plus 1 inline user, with the default settings; its 1 webhook (pf) takes the place of yours of that name, secrets included. Your own users directory, matching settings and webhook of that name are set aside first, as eventbench run starts from a fresh data dir: Restore mine puts them back after the run.',
    );
    expect(beforePlayText({ matching: false, inlineUsers: 0, userFiles: [], webhooks: ['a', 'b'] }, null)).toBe(
      'its 2 webhooks (a, b) take the place of yours of those names, secrets included. Your own webhooks of those names are set aside first, as eventbench run starts from a fresh data dir: Restore mine puts them back after the run.',
    );
    expect(beforePlayText({ matching: false, inlineUsers: 0, userFiles: [], webhooks: [] }, null)).toBeNull();
  });
});
