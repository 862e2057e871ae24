// The Connect tab's snippets: the receiver's address goes where each library takes it (the
// snippets themselves were run against the receiver with each library: see snippets.ts).
import { describe, expect, it } from 'vitest';
import { browserSnippet, goSnippet, pageSnippet, pythonSnippet, receiverParts, rubySnippet, SNIPPETS, CLIENT_LANGUAGES, isClientLanguage, TRUST_PLACES, trustSteps } from '../../../src-renderer/src/connect/snippets';

describe('Connect snippets', () => {
  it('split the receiver URL into what each library takes', () => {
    expect(receiverParts('http://127.0.0.1:8787/')).toEqual({ url: 'http://127.0.0.1:8787', https: false, host: '127.0.0.1', port: 8787, hostPort: '127.0.0.1:8787' });
    expect(receiverParts('https://eb.example.test')).toEqual({ url: 'https://eb.example.test', https: true, host: 'eb.example.test', port: 443, hostPort: 'eb.example.test' });
    expect(receiverParts('http://[::1]:9000')).toMatchObject({ host: '::1', port: 9000, hostPort: '[::1]:9000' });
  });

  it('put the address in each library\'s own form', () => {
    const url = 'http://127.0.0.1:8787';
    expect(pythonSnippet(url)).toContain("analytics.host = 'http://127.0.0.1:8787'");
    expect(rubySnippet(url)).toContain("host: '127.0.0.1', port: 8787)");
    expect(goSnippet(url)).toContain('Endpoint: "http://127.0.0.1:8787", // no trailing slash');
    expect(browserSnippet(url)).toContain("AnalyticsBrowser.load({\n  writeKey: 'YOUR_WRITE_KEY',\n  cdnURL: 'http://127.0.0.1:8787',\n});");
    for (const { id } of CLIENT_LANGUAGES) expect(SNIPPETS[id](url), id).toContain('8787');
  });

  it('switch analytics-ruby off TLS only for a plain-HTTP receiver', () => {
    expect(rubySnippet('http://127.0.0.1:8787')).toContain('@http.use_ssl = false');
    const https = rubySnippet('https://eb.example.test');
    expect(https).not.toContain('Transport.prepend');
    expect(https).toContain("host: 'eb.example.test', port: 443)");
    expect(browserSnippet('https://eb.example.test/')).toContain("cdnURL: 'https://eb.example.test',");
  });

  it("the page snippet: _cdn and the script's src both name the receiver, the line it replaces shown as it was", () => {
    const code = pageSnippet('http://127.0.0.1:8787/');
    expect(code).toContain("window.analytics._cdn = 'http://127.0.0.1:8787';");
    expect(code).toContain('t.src = "http://127.0.0.1:8787/analytics.js/v1/" + key + "/analytics.min.js";');
    expect(code).toContain('was: t.src = "https://cdn.segment.com/analytics.js/v1/" + key + "/analytics.min.js";');
  });

  it('knows its languages', () => {
    expect(isClientLanguage('go')).toBe(true);
    expect(isClientLanguage('php')).toBe(false);
    expect(isClientLanguage(null)).toBe(false);
  });

  it('trust steps fetch the authority from the plain listener and point each client at the HTTPS port', () => {
    const https = 'https://127.0.0.1:8443';
    const ca = 'http://127.0.0.1:8787/eventbench-ca.pem';
    for (const { id } of TRUST_PLACES) {
      const { code, hint } = trustSteps(id, https, ca);
      expect(code.split('\n')[0], id).toBe(`curl -o eventbench-ca.pem '${ca}'`);
      expect(code, id).toContain('8443');
      expect(hint.length, id).toBeGreaterThan(10);
    }
    expect(trustSteps('ios', https, ca).code).toContain('xcrun simctl keychain booted add-root-cert eventbench-ca.pem');
    expect(trustSteps('ios', https, ca).code).toContain('.apiHost("127.0.0.1:8443/v1")\n    .cdnHost("127.0.0.1:8443/v1")');
    // The emulator reaches the host machine as 10.0.2.2, whatever address the receiver is bound to.
    expect(trustSteps('android', https, ca).code).toContain('apiHost = "10.0.2.2:8443/v1"\n    cdnHost = "10.0.2.2:8443/v1"');
    expect(trustSteps('android', https, ca).code).toContain('<certificates src="user" />');
    // The classic libraries have no cdnHost: their settings URL is built in (SEGHTTPClient.m:6,
    // ConnectionFactory.java:45). A requestFactory / ConnectionFactory sends every request here.
    expect(trustSteps('ios', https, ca).code).toContain(`config.requestFactory = ^NSMutableURLRequest *(NSURL *url) {
    NSURLComponents *here = [NSURLComponents componentsWithURL:url resolvingAgainstBaseURL:NO];
    here.scheme = @"https";
    here.host = @"127.0.0.1";
    here.port = @8443;
    return [NSMutableURLRequest requestWithURL:here.URL];
};`);
    expect(trustSteps('android', https, ca).code).toContain(`.connectionFactory(new ConnectionFactory() {
        @Override
        protected HttpURLConnection openConnection(String url) throws IOException {
            return super.openConnection(url.replaceFirst("^https://[^/]+", "https://10.0.2.2:8443"));
        }
    })`);
    expect(trustSteps('node', https, ca).code).toContain("NODE_EXTRA_CA_CERTS=eventbench-ca.pem node app.js   # host: 'https://127.0.0.1:8443'");
    expect(trustSteps('python', https, ca).code).toContain("REQUESTS_CA_BUNDLE=eventbench-ca.pem");
    expect(trustSteps('ruby', https, ca).code).toContain("host: '127.0.0.1', port: 8443)");
    expect(trustSteps('go', https, ca).code).toContain('SSL_CERT_FILE=eventbench-ca.pem go run .   # Endpoint: "https://127.0.0.1:8443"');
    expect(trustSteps('curl', https, ca).code).toContain("curl --cacert eventbench-ca.pem -X POST 'https://127.0.0.1:8443/v1/track'");
  });
});
