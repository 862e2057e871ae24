// A dotted path (`traits.mailing_country`, `properties.account_id`) with a line break allowed after
// each dot: a narrow cell broke it anywhere, `properties.account_i` / `d`.
import { Fragment } from 'react';

export function DottedPath({ path }: { path: string }) {
  return (
    <>
      {path.split('.').map((part, i, all) => (
        <Fragment key={i}>
          {part}
          {i < all.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
