// Where a request body is not UTF-8, for the capture's origin (Tracking API and webhooks alike).
// Node's isAscii/isUtf8 (SIMD) answer the common body at once; the JS walk runs only for the rest.
import { isAscii, isUtf8 } from 'node:buffer';
import { bodyEncodingProblem, type BodyEncodingProblem } from '../../src-shared/tracking-api/utf8';

export function bodyEncodingOf(body: Buffer, ascii = isAscii(body)): BodyEncodingProblem | undefined {
  return ascii || isUtf8(body) ? undefined : bodyEncodingProblem(body);
}
