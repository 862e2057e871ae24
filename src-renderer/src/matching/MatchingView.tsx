// The Matching tab: Product Fruits' user-matching decisions with their traces, the user directory,
// the duplicates report, and the settings side panel with what-if.
import { plural } from '../../../src-shared/plural';
import { useState } from 'react';
import { errorMessage } from '../state/derive';
import { useAppStore, useEngineApi } from '../state';
import { Button, downloadText, TabCount, Tabs, tabPanelId } from '../ui';
import { DecisionsPanel } from './DecisionsPanel';
import { DirectoryPanel } from './DirectoryPanel';
import { DuplicatesPanel } from './DuplicatesPanel';
import { ImportDialog } from './ImportDialog';
import { SettingsPanel } from './SettingsPanel';
import './matching.css';

/** The narrowest window (px) the settings panel starts open in. */
const WIDE = 1200;

export function MatchingView({ active }: { active: boolean }) {
  const status = useAppStore((s) => s.matchingStatus);
  const error = useAppStore((s) => s.matchingError);
  // In the store: opening a trace from anywhere (showTrace) brings up the Decisions section.
  const section = useAppStore((s) => s.matchingSection);
  const setSection = useAppStore((s) => s.setMatchingSection);
  // Open beside the decisions and the trace when there is room for all three; on a narrow window
  // the list would be squeezed to a few columns, so the panel starts closed (the button opens it).
  const [settingsOpen, setSettingsOpen] = useState(() => (globalThis.innerWidth ?? WIDE) >= WIDE);
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const api = useEngineApi();
  // The users before any message: with the capture log's export, what another Eventbench needs to
  // decide alike (the Directory's exports are the users as matching left them, which replayed the
  // messages on users they had already created or changed).
  const exportStarting = async () => {
    try {
      setExportError(null);
      downloadText('eventbench-starting-users.json', await api.call('users.export', { format: 'json', directory: 'starting' }), 'application/json');
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  return (
    <div className="matching">
      <h1 className="sr-only">User matching (Product Fruits)</h1>
      <div className="matching-bar">
        <Tabs
          label="Matching sections"
          active={section}
          onChange={setSection}
          items={[
            { id: 'decisions', label: <>Decisions {status && <TabCount n={status.decisions} noun="decision" />}</> },
            { id: 'directory', label: <>Directory {status && <TabCount n={status.users} noun="user" />}</> },
            { id: 'duplicates', label: 'Duplicates' },
          ]}
        />
        <div className="toolbar-spacer" />
        {status && (
          <span className="hint matching-status" title="Starting users: the directory before any message, imported or added here (users.json)">
            {plural(status.messagesSeen, 'message')} seen · {plural(status.startingUsers, 'starting user')}
          </span>
        )}
        <Button size="sm" onClick={() => setImporting(true)}>
          Import users…
        </Button>
        <Button
          size="sm"
          onClick={() => void exportStarting()}
          disabled={!status?.startingUsers}
          title={
            status?.startingUsers
              ? 'Download the starting directory as JSON: the users before any message changed them. Import it, the capture log and the same settings into another Eventbench to get the same decisions'
              : 'The starting directory is empty: nothing to export'
          }
        >
          Export starting users
        </Button>
        <Button size="sm" variant={settingsOpen ? 'primary' : 'secondary'} onClick={() => setSettingsOpen(!settingsOpen)} aria-pressed={settingsOpen}>
          Settings &amp; what-if
        </Button>
      </div>
      {(error || exportError) && (
        <div className="banner banner-error" role="alert">
          {error ?? exportError}
        </div>
      )}
      <div className={settingsOpen ? 'matching-body with-side' : 'matching-body'}>
        <div className="matching-main" role="tabpanel" id={tabPanelId(section)} aria-labelledby={`tab-${section}`}>
          {section === 'decisions' && <DecisionsPanel active={active} onImportUsers={() => setImporting(true)} />}
          {section === 'directory' && <DirectoryPanel onImportUsers={() => setImporting(true)} />}
          {section === 'duplicates' && <DuplicatesPanel onImportUsers={() => setImporting(true)} />}
        </div>
        {settingsOpen && <SettingsPanel onClose={() => setSettingsOpen(false)} />}
      </div>
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
