// What clients did here before (or instead of) any message arriving: a library downloaded its
// settings (its cdnHost is right, and it was told where to send), a page loaded analytics.js, a
// TLS client refused the HTTPS certificate (its device does not trust the authority yet), or a
// Tracking API request was refused (4xx: the inspector has no row for it). The
// engine keeps the last few in memory and pushes each new one.
import { useEffect, useState } from 'react';
import type { ClientActivity } from '../../../src-shared/api';
import { ACTIVITY_KEPT } from '../../../src-shared/api';
import { useEngineApi } from '../state';
import { Badge } from '../ui';
import { describeActivity } from './activity';

function useClientActivity(): ClientActivity[] {
  const api = useEngineApi();
  const [list, setList] = useState<ClientActivity[]>([]);
  useEffect(() => {
    let live = true;
    const unsubscribe = api.subscribe((event) => {
      if (event.name === 'connect.activity') setList((l) => [...l, event.payload].slice(-ACTIVITY_KEPT));
    });
    api.call('connect.activity', undefined).then(
      (initial) => {
        // Pushed ones that came before the answer are in it too: keep the answer, then what came after it.
        if (live) setList((pushed) => [...initial, ...pushed.filter((p) => !initial.some((i) => i.at === p.at && i.kind === p.kind && i.from === p.from))].slice(-ACTIVITY_KEPT));
      },
      () => undefined,
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return list;
}

export function ClientActivityCard() {
  const activity = useClientActivity();
  return (
    <section className="card" aria-label="Client activity">
      <div className="card-head">
        <h2>Recent client activity</h2>
      </div>
      {activity.length === 0 ? (
        <p className="hint">
          Nothing yet. When a library downloads its settings here, a page loads analytics.js from here, a client refuses
          the HTTPS certificate, or a request is refused (over 32 KB, a wrong path: nothing of it is captured), it shows
          here: a way to check a setup before any message arrives.
        </p>
      ) : (
        <ul className="activity-list">
          {[...activity].reverse().map((a, i) => {
            const d = describeActivity(a);
            return (
              <li key={`${a.at}-${i}`}>
                <time dateTime={a.at} className="mono faint">
                  {new Date(a.at).toLocaleTimeString('en-GB', { hour12: false })}
                </time>
                <Badge tone={d.tone}>{d.badge}</Badge>
                <span>{d.text}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
