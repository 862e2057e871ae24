// What playing a scenario changes of the app's own set-up, said before Play; and, once it has
// played, that the user's own matching directory and settings are set aside, with the way back.
import { useEffect, useState } from 'react';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { changesAnything, type ScenarioChanges } from '../../../src-shared/scenario/changes';
import type { SetAsideSummary } from '../../../src-shared/scenario/report';
import { plural } from '../../../src-shared/plural';
import { useAppStore, useEngineApi } from '../state';
import { Button } from '../ui';

const settingsText = (s: Partial<MatchingSettings>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

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
  useEffect(() => api.subscribe((e) => (e.name === 'scenarios.progress' || e.name === 'matching.changed') && setTick((n) => n + 1)), [api]);
  return [summary, () => setTick((n) => n + 1)];
}

/** Before Play: what the run will change, and that the user's own is kept to restore. */
export function BeforePlayNote({ changes, setAside }: { changes: ScenarioChanges; setAside: SetAsideSummary | null }) {
  if (!changesAnything(changes)) return null;
  const what: string[] = [];
  if (changes.matching) {
    const users = [changes.inlineUsers > 0 ? plural(changes.inlineUsers, 'inline user') : '', ...changes.userFiles.map((f) => `the users of ${f}`)].filter(Boolean).join(' and ');
    what.push(`matching starts from ${users ? `an empty directory plus ${users}` : 'an empty directory'}, with ${changes.matchingSettings ? `its settings (${settingsText(changes.matchingSettings)}${Object.keys(changes.matchingSettings).length < 4 ? '; the rest default' : ''})` : 'the default settings'}`);
  }
  if (changes.timeoutMs !== undefined) what.push(`the session timeout is ${minutes(changes.timeoutMs)}`);
  const kept = setAside
    ? `Your own are already set aside (since “${setAside.scenario}” played) and stay so.`
    : `Your own ${changes.matching ? 'users directory and matching settings' : ''}${changes.matching && changes.timeoutMs !== undefined ? ' and ' : ''}${changes.timeoutMs !== undefined ? 'session timeout' : ''} are set aside first, as eventbench run starts from a fresh data dir: Restore mine puts them back after the run.`;
  return (
    <div className="scn-changes-note" role="note" data-testid="before-play-note">
      <strong>Playing this changes the app’s set-up:</strong> {what.join('; ')}. {kept}
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
  const parts = [summary.users !== undefined ? `users directory (${plural(summary.users, 'user')})` : '', summary.matching ? `matching settings (${settingsText(summary.matching)})` : '', summary.timeoutMs !== undefined ? `session timeout (${minutes(summary.timeoutMs)})` : ''].filter(Boolean);
  const full = `Your own ${parts.join(', ')} ${parts.length === 1 ? 'is' : 'are'} set aside since “${summary.scenario}” played: matching now uses the scenario’s, so the Matching tab and the inspector show its decisions.`;
  return (
    <div className={app ? 'banner banner-warn set-aside-app' : 'scn-set-aside'} role="note" data-testid={app ? 'set-aside-app-banner' : 'set-aside-banner'}>
      {/* Under the header, in a line or two: the whole sentence is on the Scenarios tab and in the tooltip. */}
      <span title={app ? full : undefined}>
        {app ? (
          <>
            <strong>Matching uses the {summary.timeoutMs !== undefined ? 'users, settings and session timeout' : 'users and settings'} of “{summary.scenario}”:</strong> your own are set aside until you restore them.
          </>
        ) : (
          full
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
          title={disabled ? 'Stop the scenario first' : 'Put your own directory and settings back (the decisions are derived again from them)'}
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
