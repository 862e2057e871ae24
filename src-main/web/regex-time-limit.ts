// A match filter's /regex/ runs on the event loop, and a regex that backtracks catastrophically
// (a nested quantifier such as /(a+)+$/ against a long near-miss) would run for hours, stopping
// the receiver, the API and the UI with it. V8 interrupts a running regex only through
// TerminateExecution, which is what node:vm's `timeout` uses: matching is run in a script with a
// time limit, and a regex still running when it ends is reported instead of waited for.
import { createContext, Script } from 'node:vm';
import { regexesIn } from '../../src-shared/scenario/match';

/** How long one step of matching (a chunk of messages) may take when the filter has a regex. */
export const REGEX_TIME_LIMIT_MS = 1000;

export class RegexTooSlowError extends Error {
  readonly where = 'match';
}

const context = createContext({ run: undefined as (() => void) | undefined });
const runInContext = new Script('run()');

/**
 * Runs `match` (synchronous matching against `expected`) with REGEX_TIME_LIMIT_MS to finish when
 * `expected` holds a /regex/ string; `at` names what was being matched when it ran out ("message
 * #12"). Without a regex it just runs (the limit costs a watchdog thread per call).
 */
export function withRegexTimeLimit<T>(expected: unknown, match: () => T, at: () => string, limitMs = REGEX_TIME_LIMIT_MS): T {
  const regexes = regexesIn(expected);
  if (regexes.length === 0) return match();
  let result: T | undefined;
  context.run = () => {
    result = match();
  };
  try {
    runInContext.runInContext(context, { timeout: limitMs });
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
    const which = regexes.length === 1 ? `regex ${regexes[0]}` : `regexes ${regexes.join(', ')}`;
    throw new RegexTooSlowError(
      `the match ${which} ran for over ${limitMs.toLocaleString('en-US')} ms on ${at()} and was stopped: it backtracks catastrophically (a nested quantifier such as (a+)+, or alternatives that overlap, against a long text that almost matches); make it simpler or anchor it`,
    );
  } finally {
    context.run = undefined;
  }
  return result as T;
}

/** The items that pass `test` (matching against `expected`), the time limit applying per chunk of `chunk` items. */
export function filterWithRegexTimeLimit<T>(items: readonly T[], expected: unknown, test: (item: T) => boolean, nameOf: (item: T) => string, chunk = 1000): T[] {
  const kept: T[] = [];
  for (let from = 0; from < items.length; from += chunk) {
    let at = from;
    const end = Math.min(items.length, from + chunk);
    withRegexTimeLimit(
      expected,
      () => {
        for (; at < end; at++) if (test(items[at])) kept.push(items[at]);
      },
      () => nameOf(items[at]),
    );
  }
  return kept;
}
