// The desktop window's ports, read from its environment (it takes no arguments). Apart from
// main.ts so it can be tested without Electron.
import { DEFAULT_HTTPS_PORT, DEFAULT_PORT } from '../cli/args';

export type DesktopPorts = { port: number; httpsPort: number | undefined; problem?: undefined } | { problem: string };

/**
 * EVENTBENCH_PORT (default 8787) and EVENTBENCH_HTTPS_PORT (default 8443; `off` for none), or the
 * problem with one, in the words serve uses for --port and --https-port: `EVENTBENCH_PORT=abc`
 * was taken as NaN and failed later in Node's words, and `EVENTBENCH_PORT=` as 0 (any free port).
 * Empty counts as unset, as `npm start` takes it.
 */
export function desktopPortsFromEnv(env: Record<string, string | undefined>): DesktopPorts {
  const port = env.EVENTBENCH_PORT ?? '';
  const https = env.EVENTBENCH_HTTPS_PORT ?? '';
  const portProblem = portValueFault('EVENTBENCH_PORT', port, false);
  if (portProblem) return { problem: portProblem };
  if (https === 'off') return { port: port === '' ? DEFAULT_PORT : Number(port), httpsPort: undefined };
  const httpsProblem = portValueFault('EVENTBENCH_HTTPS_PORT', https, true);
  if (httpsProblem) return { problem: httpsProblem };
  return { port: port === '' ? DEFAULT_PORT : Number(port), httpsPort: https === '' ? DEFAULT_HTTPS_PORT : Number(https) };
}

function portValueFault(name: string, value: string, orOff: boolean): string | undefined {
  if (value === '' || (/^\d+$/.test(value) && Number(value) <= 65535)) return undefined;
  return `${name} must be a whole number from 0 to 65535${orOff ? ', or off' : ''}, not "${value}"`;
}
