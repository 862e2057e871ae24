import { useEffect, useRef } from 'react';
import { ComposerView } from './composer/ComposerView';
import { ConnectView } from './connect/ConnectView';
import { InspectorView } from './inspector/InspectorView';
import { MatchingView } from './matching/MatchingView';
import { useAppStore } from './state';
import type { Tab } from './state';
import { TabCount, Tabs, type TabItem } from './ui';
import { ConnectionIndicator, WarningsBanner } from './AppChrome';
import { WebhooksView } from './webhooks/WebhooksView';
import { WorkspaceView } from './workspace/WorkspaceView';
import { ClockStatus } from './sessions/ClockStatus';
import { SessionsView } from './sessions/SessionsView';
import { ScenariosView } from './scenarios/ScenariosView';
import { SetAsideAppBanner } from './scenarios/SetAsideNotes';

export function App({ shell }: { shell: 'electron' | 'websocket' }) {
  const tab = useAppStore((s) => s.tab);
  // A view is made the first time its tab opens, then kept: the first render is the open tab's
  // alone (all eight views at once made the page's first task take 100-250 ms on a slow machine).
  const visited = useRef(new Set<Tab>()).current;
  visited.add(tab);
  const seen = (t: Tab) => visited.has(t);
  const setTab = useAppStore((s) => s.setTab);
  const count = useAppStore((s) => s.rows.length);
  // A button that opens another tab (Open in composer, Save as scenario, Show in inspector, How
  // to connect…) is hidden with its view, and the keyboard focus went with it to the top of the
  // page: it goes to the tab now open instead, which a screen reader announces.
  const firstTab = useRef(tab);
  useEffect(() => {
    if (tab === firstTab.current) return; // not on start-up: the page's focus is the browser's
    firstTab.current = '' as Tab;
    const at = document.activeElement;
    if (!at || at === document.body || at.closest('[role="tabpanel"][hidden]')) document.getElementById(`tab-${tab}`)?.focus();
  }, [tab]);
  const items: TabItem<Tab>[] = [
    { id: 'inspector', label: <>Inspector {count > 0 && <TabCount n={count} noun="message" />}</> },
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
          <span className="brand-mark" aria-hidden="true">◆</span> <span className="brand-name">Eventbench</span>
        </div>
        <Tabs items={items} active={tab} onChange={setTab} label="Views" />
        <div className="header-spacer" />
        <ClockStatus />
        <ConnectionIndicator shell={shell} />
      </header>
      <WarningsBanner />
      <SetAsideAppBanner />
      <main className="app-main">
        {/* Once made, views stay mounted so their state (composer form, scroll position) survives tab switches. */}
        <section className="view" role="tabpanel" id="panel-inspector" aria-labelledby="tab-inspector" hidden={tab !== 'inspector'}>
          {seen('inspector') && <InspectorView active={tab === 'inspector'} shell={shell} />}
        </section>
        <section className="view" role="tabpanel" id="panel-composer" aria-labelledby="tab-composer" hidden={tab !== 'composer'}>
          {seen('composer') && <ComposerView />}
        </section>
        <section className="view" role="tabpanel" id="panel-sessions" aria-labelledby="tab-sessions" hidden={tab !== 'sessions'}>
          {seen('sessions') && <SessionsView active={tab === 'sessions'} />}
        </section>
        <section className="view" role="tabpanel" id="panel-scenarios" aria-labelledby="tab-scenarios" hidden={tab !== 'scenarios'}>
          {seen('scenarios') && <ScenariosView active={tab === 'scenarios'} />}
        </section>
        <section className="view view-scroll" role="tabpanel" id="panel-workspace" aria-labelledby="tab-workspace" hidden={tab !== 'workspace'}>
          {seen('workspace') && <WorkspaceView />}
        </section>
        <section className="view view-scroll" role="tabpanel" id="panel-connect" aria-labelledby="tab-connect" hidden={tab !== 'connect'}>
          {seen('connect') && <ConnectView />}
        </section>
        <section className="view view-scroll" role="tabpanel" id="panel-webhooks" aria-labelledby="tab-webhooks" hidden={tab !== 'webhooks'}>
          {seen('webhooks') && <WebhooksView />}
        </section>
        <section className="view" role="tabpanel" id="panel-matching" aria-labelledby="tab-matching" hidden={tab !== 'matching'}>
          {seen('matching') && <MatchingView active={tab === 'matching'} />}
        </section>
      </main>
    </div>
  );
}
