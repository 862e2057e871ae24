// What playing a scenario changes of the app's own set-up, said before Play; and, once it has
// played, that the user's own matching directory and settings, session timeout and webhooks are
// set aside, with the way back. The texts are src-shared/scenario/set-aside-text.ts's.
import { useEffect, useId, useState } from 'react';
import type { ScenarioChanges } from '../../../src-shared/scenario/changes';
import type { SetAsideSummary } from '../../../src-shared/scenario/report';
import { beforePlayText, setAsideTexts } from '../../../src-shared/scenario/set-aside-text';
import { useAppStore, useEngineApi } from '../state';
import { Button } from '../ui';

/** The user's own set-up set aside, kept up to date with the engine (after a play, a restore, an edit elsewhere). */
export function useSetAside(): [SetAsideSummary | null, () => void] {
  const api = useEngineApi();
  const [summary, setSummary] = useState<SetAsideSummary | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api.call('scenarios.setAside', undefined).then(
      (s) => live && setSummary(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, tick]);
  useEffect(() => api.subscribe((e) => (e.name === 'scenarios.progress' || e.name === 'matching.changed' || e.name === 'webhooks.changed') && setTick((n) => n + 1)), [api]);
  return [summary, () => setTick((n) => n + 1)];
}

/** Before Play: what the run will change, and that the user's own is kept to restore. */
export function BeforePlayNote({ changes, setAside }: { changes: ScenarioChanges; setAside: SetAsideSummary | null }) {
  const text = beforePlayText(changes, setAside);
  if (text === null) return null;
  return (
    <div className="scn-changes-note" role="note" data-testid="before-play-note">
      <strong>Playing this changes the app’s set-up:</strong> {text}
    </div>
  );
}

/**
 * After a play: the user's own set-up is set aside; Restore mine puts it back. On the Scenarios tab
 * (`app` false) and under the header on every other tab (`app`), where the scenario's decisions
 * showed with nothing saying why, nor how to get one's own back.
 */
export function SetAsideBanner({ summary, onRestored, disabled, app }: { summary: SetAsideSummary; onRestored: () => void; disabled?: boolean; app?: boolean }) {
  const api = useEngineApi();
  const setTab = useAppStore((s) => s.setTab);
  const [error, setError] = useState<string | null>(null);
  // On the Scenarios tab: one line naming what is set aside; the whole story (the scenario, the
  // settings' values, what Restore mine does) under Details. It was all shown, six lines at 1000 px.
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const text = setAsideTexts(summary);
  return (
    <div className={app ? 'banner banner-warn set-aside-app' : 'scn-set-aside'} role="note" data-testid={app ? 'set-aside-app-banner' : 'set-aside-banner'}>
      {/* Under the header, in a line or two: the whole sentence is on the Scenarios tab and in the tooltip. */}
      <span className="set-aside-text" title={app ? text.full : undefined}>
        {app ? (
          <>
            <strong>{text.short.lead}</strong> {text.short.rest}
          </>
        ) : (
          <>
            <span className="set-aside-line" data-testid="set-aside-line">
              <strong>{text.summary.lead}</strong> {text.summary.rest}{' '}
              <button type="button" className="link-button set-aside-more" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
                {open ? 'Hide details' : 'Details'}
              </button>
            </span>
            <span className="set-aside-details" id={detailsId} hidden={!open} data-testid="set-aside-details">
              {text.full}
            </span>
          </>
        )}
        {error && <span className="error-text"> {error}</span>}
      </span>
      <span className="set-aside-actions">
        {app && (
          <Button size="sm" variant="ghost" onClick={() => setTab('scenarios')}>
            Scenarios tab
          </Button>
        )}
        <Button
          size="sm"
          disabled={disabled}
          title={disabled ? 'Stop the scenario first' : text.restore}
          onClick={() => {
            setError(null);
            api.call('scenarios.restore', undefined).then(onRestored, (e: Error) => setError(e.message));
          }}
        >
          Restore mine
        </Button>
      </span>
    </div>
  );
}

/** The set-aside banner under the header, on every tab but Scenarios (which has its own). */
export function SetAsideAppBanner() {
  const [summary, refresh] = useSetAside();
  const tab = useAppStore((s) => s.tab);
  if (!summary || tab === 'scenarios') return null;
  return <SetAsideBanner summary={summary} onRestored={refresh} app />;
}
