// The Matching tab: Product Fruits' user-matching decisions with their traces, the user directory,
// the duplicates report, and the settings side panel with what-if.
import { plural } from '../../../src-shared/plural';
import { useState } from 'react';
import { useAppStore } from '../state';
import { Button, TabCount, Tabs, tabPanelId } from '../ui';
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
          <span className="hint matching-status">
            {plural(status.messagesSeen, 'message')} seen · {plural(status.startingUsers, 'user')} in the starting directory
          </span>
        )}
        <Button size="sm" onClick={() => setImporting(true)}>
          Import users…
        </Button>
        <Button size="sm" variant={settingsOpen ? 'primary' : 'secondary'} onClick={() => setSettingsOpen(!settingsOpen)} aria-pressed={settingsOpen}>
          Settings &amp; what-if
        </Button>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
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
