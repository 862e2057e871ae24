// `npm run bench -- <name>`: a name or an extra word it does not take is refused, naming what it
// takes (`npm run bench -- ingst` ran nothing and exited 0 without a word).
import { describe, expect, it } from 'vitest';
import { benchChoiceProblem } from '../bench/choice';

describe('npm run bench -- <name> [extras]', () => {
  it.each([[[]], [['ingest']], [['ingest', 'busy', 'threads']], [['ui', '10m']], [['ui', 'cold']], [['startup', '10m']], [['feed']], [['scenario']]])('%j is taken', (args) => {
    expect(benchChoiceProblem(args)).toBeUndefined();
  });

  it.each([
    [['ingst'], 'no bench is named "ingst"; run one of ingest, validator, filters, ui, matching, feed, sessions, scenario, startup, or none for all'],
    [['ingest', 'bsy'], 'the ingest bench takes busy and/or threads after its name, not "bsy"'],
    [['ui', '10M'], 'the ui bench takes one of 1m, 3m, 10m (millions of stored messages) or cold after its name, not "10M"'],
    [['startup', '1m'], 'the startup bench takes 10m after its name, not "1m"'],
    [['sessions', 'fast'], 'the sessions bench takes nothing after its name, not "fast"'],
  ])('%j is refused', (args, message) => {
    expect(benchChoiceProblem(args)).toBe(message);
  });
});
