import { plural } from '../../../src-shared/plural';
import { compactCount } from './tab-count';

/** A tab's count: abbreviated past 9,999 (`1.2M+`), the exact count with its noun in the tooltip (and read out in place of the abbreviation). */
export function TabCount({ n, noun, tone }: { n: number; noun: string; tone?: 'warn' }) {
  const short = compactCount(n);
  return (
    <span className={`tab-count${tone ? ` tab-count-${tone}` : ''}`} title={plural(n, noun)}>
      {n < 10_000 ? (
        short
      ) : (
        <>
          <span aria-hidden="true">{short}</span>
          <span className="sr-only">{plural(n, noun)}</span>
        </>
      )}
    </span>
  );
}
