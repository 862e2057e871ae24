// One client's snippet at a time, picked from tabs (Node.js | Python | Ruby | Go | curl |
// analytics.js | Snippet (HTML)): arrow keys, Home and End move between them (the selected tab is the one in the Tab
// order, as in WAI-ARIA's tabs pattern). The choice is remembered on this machine.
import { useState, type ReactNode } from 'react';
import { TabStrip } from './TabStrip';
import { Snippet } from './Snippet';
import { CLIENT_LANGUAGES, isClientLanguage, SNIPPETS, type ClientLanguage } from './snippets';

const LANGUAGE_KEY = 'eventbench.connectLanguage';

function savedLanguage(): ClientLanguage {
  try {
    const saved = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    return isClientLanguage(saved) ? saved : 'node';
  } catch {
    return 'node';
  }
}

export function ClientSnippets({ url }: { url: string }) {
  const [language, setLanguage] = useState<ClientLanguage>(savedLanguage);
  const choose = (id: ClientLanguage) => {
    setLanguage(id);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_KEY, id);
    } catch {
      // storage refused (private mode, quota): the choice lasts this visit only
    }
  };
  return (
    <TabStrip label="Client" idPrefix="connect" items={CLIENT_LANGUAGES} selected={language} onSelect={choose}>
      <p className="hint">{HINTS[language]}</p>
      <Snippet code={SNIPPETS[language](url)} />
    </TabStrip>
  );
}

const HINTS: Record<ClientLanguage, ReactNode> = {
  node: (
    <>
      <code>@segment/analytics-node</code>: set <code>host</code> to this URL (the SDK adds <code>/v1/batch</code>). It
      stamps each message's <code>timestamp</code> with this machine's clock, and sessions go by that time: to watch them
      time out on the simulation clock, pause it at the real now (Sessions tab) and move it on from there.
    </>
  ),
  python: (
    <>
      analytics-python 2.x (<code>pip install segment-analytics-python</code>): set <code>analytics.host</code> to this URL.
      It posts <code>{'{batch, sentAt, writeKey}'}</code> to <code>/v1/batch</code>, the write key in the body, from a
      background thread: a script calls <code>analytics.flush()</code> before it ends, or sets{' '}
      <code>analytics.sync_mode = True</code> to send each call at once.
    </>
  ),
  ruby: (
    <>
      analytics-ruby 2.5 (<code>gem install analytics-ruby</code>) takes <code>host</code> and <code>port</code> and posts
      its batches to <code>/v1/import</code>, accepted here. It ignores <code>ssl: false</code>, so the snippet switches its
      connection off TLS for this plain-HTTP receiver (needs Ruby 3). <code>analytics.flush</code> waits until the queue is
      sent.
    </>
  ),
  go: (
    <>
      analytics-go v3 (<code>go get github.com/segmentio/analytics-go/v3</code>): set <code>Endpoint</code> to this URL with{' '}
      <strong>no trailing slash</strong>. With one it posts to <code>//v1/batch</code>, which never reaches Segment either
      (answered 404 here, saying so). <code>client.Close()</code> sends what is still queued.
    </>
  ),
  curl: (
    <>
      One call, straight to the Tracking API: the write key is the Basic auth user name, with an empty password.
    </>
  ),
  browser: (
    <>
      For a local web page: the receiver allows cross-origin requests on the Tracking API paths (preflights included, with{' '}
      <code>X-Retry-Count</code> on retries), so a page served from another port can send to it. analytics.js posts to the
      short paths <code>/v1/t</code>, <code>/i</code>, <code>/p</code>, <code>/g</code>, <code>/a</code>, <code>/s</code> and,
      when batching, <code>/v1/b</code>: all accepted. Point the npm package at this host (a page served over{' '}
      <code>https://</code> cannot fetch from <code>http://</code>: use the HTTPS receiver's address below, its authority
      trusted in the browser):
    </>
  ),
  snippet: (
    <>
      A site with Segment's snippet: this receiver also serves analytics.js itself (the build of{' '}
      <code>@segment/analytics-next</code> that Segment's CDN serves) and the source's settings, so with two edits the page
      loads everything from here and sends its calls here, with nothing going to Segment. Any write key works.
    </>
  ),
};
