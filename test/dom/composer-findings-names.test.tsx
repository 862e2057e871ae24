// The composer's findings named their partner by its id ("freshsuccess", "provesource") under each
// finding, where every other place (the inspector's groups, the checks line, the profile picker)
// says "Freshsuccess" and "ProveSource".
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FindingsList } from '../../src-renderer/src/composer/FindingsList';
import type { Finding } from '../../src-shared/validate/finding';
import { clientPerTest } from './engine-http';

clientPerTest(); // cleans the DOM up after each test

describe('composer findings', () => {
  it('name each finding\'s partner as the rest of the app does', () => {
    const findings = [
      { profile: 'freshsuccess', severity: 'warning', rule: 'freshsuccess.base.groupId.recommended', path: 'groupId', message: 'Account ID (groupId) is missing' },
      { profile: 'provesource', severity: 'error', rule: 'provesource.event.properties.goalId.recommended', path: 'properties.goalId', message: 'Goal ID is missing' },
      { profile: 'segment', severity: 'error', rule: 'segment.identity.required', path: 'userId', message: 'no identity' },
    ] as unknown as Finding[];
    const { container } = render(<FindingsList findings={findings} stale={false} onPick={() => undefined} />);
    const names = [...container.querySelectorAll('.cfinding-profile')].map((e) => e.textContent);
    expect(names).toEqual(['ProveSource', 'Segment spec', 'Freshsuccess']);
  });
});
