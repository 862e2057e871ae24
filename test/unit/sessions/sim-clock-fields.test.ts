// parseClockAction refuses a field the action does not read, by name (a169a17): {"action":"run",
// "sped":600} ran at the old speed. Tested until now only over the WebSocket and POST /api/clock,
// which a mutation run on src-shared does not reach.
import { describe, expect, it } from 'vitest';
import { parseClockAction } from '../../../src-shared/sim-clock';

describe('a field the clock action does not take', () => {
  it.each([
    [{ action: 'run', sped: 600 }, 'the "run" action takes speed, not "sped"', 'sped'],
    [{ action: 'advance', ms: 1000, to: 5 }, 'the "advance" action takes ms, not "to"', 'to'],
    [{ action: 'set', ms: 1000 }, 'the "set" action takes to, not "ms"', 'ms'],
    [{ action: 'pause', ms: 60000 }, 'the "pause" action takes no other field, not "ms"', 'ms'],
    [{ action: 'nextTimeout', speed: 'max' }, 'the "nextTimeout" action takes no other field, not "speed"', 'speed'],
  ])('%j is refused naming the field', (body, error, where) => {
    expect(parseClockAction(body)).toEqual({ error, where });
  });

  it('a field set to undefined is as if it were not there (a client object spread with an empty option)', () => {
    expect(parseClockAction({ action: 'run', speed: 600, ms: undefined })).toEqual({ action: 'run', speed: 600 });
    expect(parseClockAction({ action: 'live', to: undefined })).toEqual({ action: 'live' });
  });

  it('an action that is not one gets the action\'s error, whatever else is there', () => {
    const actions = 'live, pause, run, advance, set, nextTimeout';
    expect(parseClockAction({ action: 'rewind', ms: 5 })).toEqual({ error: `action must be one of ${actions}, not "rewind"`, where: 'action' });
    // An inherited name is not an action: no TypeError from the table's prototype.
    expect(parseClockAction({ action: 'constructor', ms: 5 })).toEqual({ error: `action must be one of ${actions}, not "constructor"`, where: 'action' });
    expect(parseClockAction({ action: 5, ms: 5 })).toEqual({ error: `action must be one of ${actions}, not 5`, where: 'action' });
  });
});
