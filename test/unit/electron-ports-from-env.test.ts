// The desktop window's ports from its environment (src-main/electron/main.ts refuses a bad one
// before the window opens; Electron itself cannot run here).
import { describe, expect, it } from 'vitest';
import { desktopPortsFromEnv } from '../../src-main/electron/ports-from-env';

describe('desktopPortsFromEnv', () => {
  it('takes the defaults when nothing (or nothing but empty values) is set', () => {
    expect(desktopPortsFromEnv({})).toEqual({ port: 8787, httpsPort: 8443 });
    expect(desktopPortsFromEnv({ EVENTBENCH_PORT: '', EVENTBENCH_HTTPS_PORT: '' })).toEqual({ port: 8787, httpsPort: 8443 });
  });

  it('takes the ports set, 0 for any free one, and off for no HTTPS receiver', () => {
    expect(desktopPortsFromEnv({ EVENTBENCH_PORT: '9000', EVENTBENCH_HTTPS_PORT: '9443' })).toEqual({ port: 9000, httpsPort: 9443 });
    expect(desktopPortsFromEnv({ EVENTBENCH_PORT: '0', EVENTBENCH_HTTPS_PORT: 'off' })).toEqual({ port: 0, httpsPort: undefined });
  });

  it.each([
    [{ EVENTBENCH_PORT: 'abc' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not "abc"'],
    [{ EVENTBENCH_PORT: '70000' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not "70000"'],
    [{ EVENTBENCH_PORT: '-1' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not "-1"'],
    [{ EVENTBENCH_PORT: '8787.5' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not "8787.5"'],
    [{ EVENTBENCH_PORT: ' 8787' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not " 8787"'],
    [{ EVENTBENCH_PORT: 'off', EVENTBENCH_HTTPS_PORT: 'off' }, 'EVENTBENCH_PORT must be a whole number from 0 to 65535, not "off"'],
    [{ EVENTBENCH_HTTPS_PORT: 'tls' }, 'EVENTBENCH_HTTPS_PORT must be a whole number from 0 to 65535, or off, not "tls"'],
  ])('refuses %o in serve\'s words', (env, problem) => {
    expect(desktopPortsFromEnv(env)).toEqual({ problem });
  });
});
