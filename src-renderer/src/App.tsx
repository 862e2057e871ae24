import { ComposerView } from './composer/ComposerView';
import { ConnectView } from './connect/ConnectView';
import { InspectorView } from './inspector/InspectorView';
import { MatchingView } from './matching/MatchingView';
import { useAppStore } from './state';
import type { Tab } from './state';
import { Tabs, type TabItem } from './ui';
import { ConnectionIndicator, WarningsBanner } from './AppChrome';
import { WebhooksView } from './webhooks/WebhooksView';
import { WorkspaceView } from './workspace/WorkspaceView';
import { ClockStatus } from './sessions/ClockStatus';
import { SessionsView } from './sessions/SessionsView';
import { ScenariosView } from './scenarios/ScenariosView';

export function App({ shell }: { shell: 'electron' | 'websocket' }) {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const count = useAppStore((s) => s.rows.length);
  const items: TabItem<Tab>[] = [
    { id: 'inspector', label: <>Inspector {count > 0 && <span className="tab-count">{count.toLocaleString()}</span>}</> },
    { id: 'composer', label: 'Composer' },
    { id: 'matching', label: 'Matching' },
    { id: 'sessions', label: 'Sessions' },
    { id: 'scenarios', label: 'Scenarios' },
    { id: 'workspace', label: 'Workspace' },
    { id: 'connect', label: 'Connect' },
    { id: 'webhooks', label: 'Webhooks' },
  ];
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span> Eventbench
        </div>
        <Tabs items={items} active={tab} onChange={setTab} label="Views" />
        <div className="header-spacer" />
        <ClockStatus />
        <ConnectionIndicator shell={shell} />
      </header>
      <WarningsBanner />
      <main className="app-main">
        {/* All views stay mounted so their state (composer form, scroll position) survives tab switches. */}
        <section className="view" role="tabpanel" aria-labelledby="tab-inspector" hidden={tab !== 'inspector'}>
          <InspectorView active={tab === 'inspector'} shell={shell} />
        </section>
        <section className="view" role="tabpanel" aria-labelledby="tab-composer" hidden={tab !== 'composer'}>
          <ComposerView />
        </section>
        <section className="view" role="tabpanel" aria-labelledby="tab-sessions" hidden={tab !== 'sessions'}>
          <SessionsView active={tab === 'sessions'} />
        </section>
        <section className="view" role="tabpanel" aria-labelledby="tab-scenarios" hidden={tab !== 'scenarios'}>
          <ScenariosView active={tab === 'scenarios'} />
        </section>
        <section className="view view-scroll" role="tabpanel" aria-labelledby="tab-workspace" hidden={tab !== 'workspace'}>
          <WorkspaceView />
        </section>
        <section className="view view-scroll" role="tabpanel" aria-labelledby="tab-connect" hidden={tab !== 'connect'}>
          <ConnectView />
        </section>
        <section className="view view-scroll" role="tabpanel" aria-labelledby="tab-webhooks" hidden={tab !== 'webhooks'}>
          <WebhooksView />
        </section>
        <section className="view" role="tabpanel" aria-labelledby="tab-matching" hidden={tab !== 'matching'}>
          <MatchingView active={tab === 'matching'} />
        </section>
      </main>
    </div>
  );
}
