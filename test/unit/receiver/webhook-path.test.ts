// The webhook name in a /webhook/<name> path: percent-encoding read as UTF-8, and a path whose
// escapes are not UTF-8 named as such (it was refused as holding "%").
import { describe, expect, it } from 'vitest';
import { webhookPathName } from '../../../src-shared/webhook-path';

describe('webhookPathName', () => {
  it('reads percent-encoding as UTF-8 and leaves one trailing slash off', () => {
    expect(webhookPathName('pf')).toEqual({ name: 'pf' });
    expect(webhookPathName('p%66')).toEqual({ name: 'pf' });
    expect(webhookPathName('caf%C3%A9')).toEqual({ name: 'café' });
    expect(webhookPathName('pf/')).toEqual({ name: 'pf' });
    expect(webhookPathName('pf//')).toEqual({ name: 'pf//' });
  });

  it('a "%" that is not percent-encoding is named as sent, with no encoding fault', () => {
    expect(webhookPathName('p%zz')).toEqual({ name: 'p%zz' });
    expect(webhookPathName('p%')).toEqual({ name: 'p%' });
  });

  it('names the escapes that are not UTF-8: a lone Latin-1 byte, an overlong form, a cut sequence, a stray continuation', () => {
    const fault = (segment: string) => webhookPathName(segment).encodingFault;
    expect(fault('caf%E9')).toBe('"%E9" is not UTF-8 (a URL carries each character as its UTF-8 bytes: "é" is %C3%A9)');
    expect(fault('%C0%AF')).toBe('"%C0%AF" is not UTF-8 (a URL carries each character as its UTF-8 bytes)');
    expect(fault('a%E2%82')).toBe('"%E2%82" is not UTF-8 (a URL carries each character as its UTF-8 bytes)');
    expect(fault('a%80b')).toBe('"%80" is not UTF-8 (a URL carries each character as its UTF-8 bytes)');
    // Good escapes before the bad one are not named; the name is kept as sent.
    expect(webhookPathName('%C3%A9x%ed%a0%80')).toEqual({ name: '%C3%A9x%ed%a0%80', encodingFault: '"%ed%a0%80" is not UTF-8 (a URL carries each character as its UTF-8 bytes)' });
    // A bad escape is named even beside a "%" that is no escape at all.
    expect(fault('p%zz%E9')).toMatch(/^"%E9" is not UTF-8/);
  });
});
