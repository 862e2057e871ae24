// The six call types (domain.md, "Segment messages": track, identify, group, page, screen, alias),
// as the list the validator, the composer and the filters read.
import { describe, expect, it } from 'vitest';
import { CALL_TYPES } from '../../src-shared/capture';

describe('CALL_TYPES', () => {
  it('are the six of the Segment spec, in its order', () => {
    expect(CALL_TYPES).toEqual(['track', 'identify', 'group', 'page', 'screen', 'alias']);
  });
});
