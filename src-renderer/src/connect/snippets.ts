// The code the Connect tab shows for each client, built from the receiver's real URL. Each was run
// against the receiver with the library it names (analytics-python 2.3.4, analytics-ruby 2.5.0 on
// Ruby 3.1, analytics-go v3.3): keep them runnable as written.

export type ClientLanguage = 'node' | 'python' | 'ruby' | 'go' | 'curl' | 'browser' | 'snippet';

export const CLIENT_LANGUAGES: readonly { id: ClientLanguage; label: string }[] = [
  { id: 'node', label: 'Node.js' },
  { id: 'python', label: 'Python' },
  { id: 'ruby', label: 'Ruby' },
  { id: 'go', label: 'Go' },
  { id: 'curl', label: 'curl' },
  { id: 'browser', label: 'analytics.js' },
  { id: 'snippet', label: 'Snippet (HTML)' },
];

export function isClientLanguage(value: unknown): value is ClientLanguage {
  return CLIENT_LANGUAGES.some((l) => l.id === value);
}

/** The parts of the receiver's URL the snippets need; `url` without a trailing slash. */
export function receiverParts(url: string): { url: string; https: boolean; host: string; port: number; hostPort: string } {
  const clean = url.replace(/\/+$/, '');
  const parsed = new URL(clean);
  const https = parsed.protocol === 'https:';
  return {
    url: clean,
    https,
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), // [::1] -> ::1, as Net::HTTP takes it
    port: parsed.port ? Number(parsed.port) : https ? 443 : 80,
    hostPort: parsed.host,
  };
}

export function nodeSnippet(url: string): string {
  return `import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({
  writeKey: 'YOUR_WRITE_KEY',
  host: '${url}',
  flushAt: 1, // send right away while testing
});

analytics.track({ userId: 'user-123', event: 'Order Completed', properties: { total: 42 } });
await analytics.closeAndFlush();`;
}

export function pythonSnippet(url: string): string {
  return `import segment.analytics as analytics

analytics.write_key = 'YOUR_WRITE_KEY'
analytics.host = '${url}'
# analytics.sync_mode = True  # send each call at once, in the calling thread

analytics.track('user-123', 'Order Completed', {'total': 42})
analytics.flush()  # wait until the queue is sent (a script may exit first otherwise)`;
}

export function rubySnippet(url: string): string {
  const { host, port, https } = receiverParts(url);
  // analytics-ruby's Transport does `options[:ssl] ||= true`, so `ssl: false` is lost: switch the
  // connection off TLS once it is made, as Segment's own e2e CLI does.
  const plainHttp = https
    ? ''
    : `
# analytics-ruby 2.5 ignores ssl: false; this receiver is plain HTTP, so
# switch its connection off TLS once it is made (Ruby 3).
Segment::Analytics::Transport.prepend(Module.new do
  def initialize(options = {})
    super(options.except(:ssl))
    @http.use_ssl = false
  end
end)
`;
  return `require 'segment/analytics'
${plainHttp}
analytics = Segment::Analytics.new(write_key: 'YOUR_WRITE_KEY', host: '${host}', port: ${port})
analytics.track(user_id: 'user-123', event: 'Order Completed', properties: { total: 42 })
analytics.flush # wait until the queue is sent`;
}

export function goSnippet(url: string): string {
  return `package main

import (
	"log"

	"github.com/segmentio/analytics-go/v3"
)

func main() {
	client, err := analytics.NewWithConfig("YOUR_WRITE_KEY", analytics.Config{
		Endpoint: "${url}", // no trailing slash: with one, it posts to //v1/batch
	})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close() // sends what is still queued

	client.Enqueue(analytics.Track{
		UserId:     "user-123",
		Event:      "Order Completed",
		Properties: analytics.NewProperties().Set("total", 42),
	})
}`;
}

export function curlSnippet(url: string): string {
  return `curl -X POST '${url}/v1/track' \\
  -u 'YOUR_WRITE_KEY:' \\
  -H 'Content-Type: application/json' \\
  --data-raw '{"userId":"user-123","event":"Order Completed","properties":{"total":42}}'`;
}

export function browserSnippet(url: string): string {
  const { url: base } = receiverParts(url);
  return `import { AnalyticsBrowser } from '@segment/analytics-next';

// cdnURL: the library downloads its settings from the receiver, which names
// itself as the place to send events (no request goes to Segment).
export const analytics = AnalyticsBrowser.load({
  writeKey: 'YOUR_WRITE_KEY',
  cdnURL: '${base}',
});

analytics.track('Order Completed', { total: 42 });`;
}

/**
 * Segment's snippet on a page, pointed here with two edits (run as written in Chromium,
 * test/e2e/analytics-next.spec.ts, with the snippet @segment/snippet generates).
 */
export function pageSnippet(url: string): string {
  const { url: base } = receiverParts(url);
  return `<!-- 1. Before Segment's snippet: analytics.js takes its settings and
     its other files from here (the settings name this receiver). -->
<script>
  window.analytics = window.analytics || [];
  window.analytics._cdn = '${base}';
</script>

<!-- 2. In the snippet, load analytics.js from here, not from Segment's CDN: -->
t.src = "${base}/analytics.js/v1/" + key + "/analytics.min.js";
<!--   was: t.src = "https://cdn.segment.com/analytics.js/v1/" + key + "/analytics.min.js"; -->`;
}

export const SNIPPETS: Record<ClientLanguage, (url: string) => string> = {
  node: nodeSnippet,
  python: pythonSnippet,
  ruby: rubySnippet,
  go: goSnippet,
  curl: curlSnippet,
  browser: browserSnippet,
  snippet: pageSnippet,
};

/** Where a TLS-only client runs, for the HTTPS receiver's trust steps. */
export type TrustPlace = 'ios' | 'android' | 'node' | 'python' | 'ruby' | 'go' | 'curl';

export const TRUST_PLACES: readonly { id: TrustPlace; label: string }[] = [
  { id: 'ios', label: 'iOS Simulator' },
  { id: 'android', label: 'Android emulator' },
  { id: 'node', label: 'Node.js' },
  { id: 'python', label: 'Python' },
  { id: 'ruby', label: 'Ruby' },
  { id: 'go', label: 'Go' },
  { id: 'curl', label: 'curl' },
];

/**
 * How to trust the local certificate authority (`caUrl`, served at /eventbench-ca.pem) and point a
 * client at the HTTPS receiver (`httpsUrl`), per place. The emulator reaches this machine as
 * 10.0.2.2; the simulator shares its loopback. Node, Python, Ruby and curl were run this way.
 */
export function trustSteps(place: TrustPlace, httpsUrl: string, caUrl: string): { hint: string; code: string } {
  const { port } = receiverParts(httpsUrl);
  const fetchCa = `curl -o eventbench-ca.pem '${caUrl}'`;
  switch (place) {
    case 'ios':
      return {
        hint: 'Trust the authority in the booted simulator, then set apiHost and cdnHost (analytics-swift), or a requestFactory (the classic analytics-ios 4):',
        code: `${fetchCa}
xcrun simctl keychain booted add-root-cert eventbench-ca.pem

let analytics = Analytics(configuration: Configuration(writeKey: "YOUR_WRITE_KEY")
    .apiHost("127.0.0.1:${port}/v1")
    .cdnHost("127.0.0.1:${port}/v1") // settings from here, naming this apiHost
    .flushAt(1))

${classicIosSnippet('127.0.0.1', port)}`,
      };
    case 'android':
      return {
        hint: 'Install it as a CA certificate (Settings › Security › Encryption & credentials › Install a certificate), let a debug build trust user certificates, then set apiHost and cdnHost (analytics-kotlin), or a ConnectionFactory (the classic analytics-android 4); the emulator reaches this machine as 10.0.2.2:',
        code: `${fetchCa}
adb push eventbench-ca.pem /sdcard/Download/

<!-- res/xml/network_security_config.xml (android:networkSecurityConfig in the manifest) -->
<network-security-config>
  <debug-overrides>
    <trust-anchors><certificates src="user" /></trust-anchors>
  </debug-overrides>
</network-security-config>

val analytics = Analytics("YOUR_WRITE_KEY", applicationContext) {
    apiHost = "10.0.2.2:${port}/v1"
    cdnHost = "10.0.2.2:${port}/v1" // settings from here, naming this apiHost
    flushAt = 1
}

${classicAndroidSnippet('10.0.2.2', port)}`,
      };
    case 'node':
      return { hint: 'Node adds the authority to the ones it trusts; then use the HTTPS URL as host:', code: `${fetchCa}\nNODE_EXTRA_CA_CERTS=eventbench-ca.pem node app.js   # host: '${httpsUrl}'` };
    case 'python':
      return { hint: 'analytics-python posts with requests, which reads its authorities from REQUESTS_CA_BUNDLE:', code: `${fetchCa}\nREQUESTS_CA_BUNDLE=eventbench-ca.pem python app.py   # Client(write_key, host='${httpsUrl}')` };
    case 'ruby':
      return {
        hint: "analytics-ruby always uses TLS: with the authority trusted, it needs no workaround.",
        code: `${fetchCa}\nSSL_CERT_FILE=eventbench-ca.pem ruby app.rb   # Segment::Analytics.new(write_key: '…', host: '${receiverParts(httpsUrl).host}', port: ${port})`,
      };
    case 'go':
      return { hint: 'Go reads SSL_CERT_FILE on Linux (on macOS, add the authority to the login keychain):', code: `${fetchCa}\nSSL_CERT_FILE=eventbench-ca.pem go run .   # Endpoint: "${httpsUrl}"` };
    case 'curl':
      return {
        hint: 'curl checks the server against the authority you name with --cacert:',
        code: `${fetchCa}
curl --cacert eventbench-ca.pem -X POST '${httpsUrl}/v1/track' \\
  -u 'YOUR_WRITE_KEY:' \\
  -H 'Content-Type: application/json' \\
  --data-raw '{"userId":"user-123","event":"Order Completed","properties":{"total":42}}'`,
      };
  }
}

/**
 * The classic analytics-ios 4.x (Objective-C): no cdnHost, its settings URL is built in
 * (SEGHTTPClient.m: https://cdn-settings.segment.com/v1), and it sends batches to the settings'
 * apiHost + /batch. Its requestFactory makes every request, settings and batches, so pointing it
 * here sends both here (over HTTPS: it puts https:// before the apiHost it is given).
 */
export function classicIosSnippet(host: string, port: number): string {
  return `// analytics-ios 4.x (classic) has no cdnHost: send its every request here
SEGAnalyticsConfiguration *config =
    [SEGAnalyticsConfiguration configurationWithWriteKey:@"YOUR_WRITE_KEY"];
config.requestFactory = ^NSMutableURLRequest *(NSURL *url) {
    NSURLComponents *here = [NSURLComponents componentsWithURL:url resolvingAgainstBaseURL:NO];
    here.scheme = @"https";
    here.host = @"${host}";
    here.port = @${port};
    return [NSMutableURLRequest requestWithURL:here.URL];
};
config.flushAt = 1;
[SEGAnalytics setupWithConfiguration:config];`;
}

/**
 * The classic analytics-android 4.x: no cdnHost, its settings URL is built in
 * (ConnectionFactory.java: https://cdn-settings.segment.com/v1/projects/<key>/settings), batches go
 * to https://<the settings' apiHost>/import. A ConnectionFactory opens every connection: one that
 * swaps the scheme and host sends both here.
 */
export function classicAndroidSnippet(host: string, port: number): string {
  return `// analytics-android 4.x (classic) has no cdnHost: send its every request here
Analytics analytics = new Analytics.Builder(context, "YOUR_WRITE_KEY")
    .connectionFactory(new ConnectionFactory() {
        @Override
        protected HttpURLConnection openConnection(String url) throws IOException {
            return super.openConnection(url.replaceFirst("^https://[^/]+", "https://${host}:${port}"));
        }
    })
    .flushQueueSize(1)
    .build();`;
}
