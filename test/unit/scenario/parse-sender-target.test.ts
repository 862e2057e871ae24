// A `via: sender` step's `target` was any object in the schema: `{ host: … }` without its `kind`
// passed the file's check and failed the step when it ran ("target.kind: expected local, segment,
// custom or webhook, got undefined"), exit 1 instead of the invalid file's 2, after earlier steps ran.
import { describe, expect, it } from 'vitest';
import { errorsOf, ok } from './load-helpers';

const file = (target: string) => `name: a\nsteps:\n  - send: { via: sender, target: ${target}, message: { type: track, userId: u, event: E } }\n`;

describe('a sender target is checked with the file', () => {
  it('a target without its kind is an error of the file at the target', () => {
    expect(errorsOf(file('{ host: "http://127.0.0.1:9" }')).map((e) => [e.line, e.message])).toEqual([[3, 'step 1: send.target: missing "kind"']]);
  });

  it('a kind that is none of the four, or a key no target has, is named', () => {
    expect(errorsOf(file('{ kind: proxy, host: "http://x" }')).map((e) => e.message)).toEqual(['step 1: send.target.kind: expected one of "local", "segment", "custom", "webhook"']);
    expect(errorsOf(file('{ kind: custom, hots: "http://x" }')).map((e) => e.message)[0]).toMatch(/^step 1: send\.target: unknown key "hots"; did you mean "host"\?/);
  });

  // `{ kind: webhook, host }` passed, the host ignored; `{ kind: custom }` failed the step when it ran.
  it("a key another kind uses, or the key its kind needs missing, is named at the target", () => {
    expect(errorsOf(file('{ kind: webhook, url: "http://127.0.0.1:9/hook", host: "http://x" }')).map((e) => e.message)).toEqual([
      'step 1: send.target.host: is used only with kind: custom (this target is kind: webhook), so it would be ignored; remove it or change the kind',
    ]);
    expect(errorsOf(file('{ kind: local, writeKey: k }')).map((e) => e.message)).toEqual([
      'step 1: send.target.writeKey: is used only with kind: segment or kind: custom (this target is kind: local), so it would be ignored; remove it or change the kind',
    ]);
    expect(errorsOf(file('{ kind: custom }')).map((e) => e.message)).toEqual(['step 1: send.target: kind: custom needs "host"']);
  });

  it('each kind as the README and the composer write it still passes', () => {
    for (const t of ['local', '{ kind: local }', '{ kind: custom, host: "http://127.0.0.1:9", writeKey: k }', '{ kind: webhook, url: "http://127.0.0.1:9/hook", secret: s }', '{ kind: segment, region: eu }', '{ kind: local, asSource: src-1 }']) {
      expect(ok(file(t)).steps).toHaveLength(1);
    }
  });
});
