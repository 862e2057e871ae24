// The Connect tab's client activity as sentences (see ClientActivityCard).
import type { ClientActivity } from '../../../src-shared/api';

/** One activity as a sentence, with a badge for its kind. */
export function describeActivity(a: ClientActivity): { badge: string; tone: 'ok' | 'warn'; text: string } {
  switch (a.kind) {
    case 'settings':
      return {
        badge: 'settings',
        tone: 'ok',
        text: `${a.client ?? 'A client'} from ${a.from} downloaded the settings of write key ${a.writeKeyMasked ?? '?'}, which tell it to send to ${a.apiHost ?? 'this receiver'}.`,
      };
    case 'analytics-js':
      return { badge: 'analytics.js', tone: 'ok', text: `${a.client ? `The page ${a.client}` : 'A page'} (from ${a.from}) loaded analytics.js from here.` };
    case 'tls-refused':
      return { badge: 'HTTPS refused', tone: 'warn', text: `A client from ${a.from} did not finish the TLS handshake: ${a.reason ?? 'it refused the certificate'}.` };
    case 'refused':
      if (a.endpoint?.startsWith('/v1/pixel/')) {
        return {
          badge: 'refused',
          tone: 'warn',
          text: `${a.client ?? 'A client'} from ${a.from} asked for the tracking pixel ${a.endpoint} and was answered its GIF, as Segment answers every pixel, but ${(a.reason ?? 'it could not be read').replace(/\.$/, '')}. Nothing was captured.`,
        };
      }
      if (a.method !== undefined) {
        return {
          badge: a.status === undefined ? 'refused' : `refused ${a.status}`,
          tone: 'warn',
          text: `${a.client ?? 'A client'} from ${a.from} asked for ${a.endpoint ?? 'a path'} and was ${a.status === undefined ? 'refused' : `answered ${a.status}`}${a.reason ? `: ${a.reason.replace(/\.$/, '')}` : ''}.`,
        };
      }
      return {
        badge: a.status === undefined ? 'refused' : `refused ${a.status}`,
        tone: 'warn',
        // No endpoint: refused before any request was read (HTTP/2's preface on the plain port).
        text: `${a.client ?? 'A client'} from ${a.from} ${a.endpoint === undefined ? 'connected' : `posted to ${a.endpoint}`} and was ${a.status === undefined ? 'refused' : `answered ${a.status}`}${a.reason ? `: ${a.reason.replace(/\.$/, '')}` : ''}. Nothing was captured.`,
      };
  }
}
