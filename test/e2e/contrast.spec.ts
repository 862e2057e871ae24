// Readable text and a visible focus, measured in Chromium on every tab with content in it: the
// colour of each text on screen against the background it is drawn on (WCAG AA: 4.5:1, 3:1 for
// large text), and the keyboard focus ring against the page (3:1, as for any control's state).
import type { Page } from '@playwright/test';
import { expect, screenshotDir, test } from './fixtures';

/** Every visible text whose contrast is below AA, once per distinct style: "ratio 'text' (selector)". */
const lowContrastTexts = (page: Page) =>
  page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const w = globalThis as any;
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const lum = ({ r, g, b }: Rgba) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (top: Rgba, below: Rgba): Rgba => ({ r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1 });
    const backgroundOf = (el: any): Rgba => {
      const layers: Rgba[] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(w.getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) layers.push(c);
        if (c && c.a >= 1) break;
      }
      return layers.reverse().reduce((bg, c) => over(c, bg), { r: 255, g: 255, b: 255, a: 1 });
    };
    const found = new Map<string, string>();
    const walker = w.document.createTreeWalker(w.document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el?.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.bottom < 0 || box.top > w.innerHeight) continue;
      if (el.closest('[disabled], [aria-disabled="true"]')) continue; // inactive controls are exempt
      const cs = w.getComputedStyle(el);
      const bg = backgroundOf(el);
      const fg = over(parse(cs.color)!, bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (parseInt(cs.fontWeight, 10) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) found.set(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${cs.color}`, `${ratio.toFixed(2)} '${n.textContent.trim().slice(0, 24)}' (${el.tagName.toLowerCase()}.${[...el.classList].join('.')})`);
    }
    return [...found.values()];
  });

// The message holds each kind of JSON value (a boolean's orange was 4.3:1 on the raw JSON's grey, and
// no message here held one, so it was never measured). Eventbench has one palette, the light one
// (`color-scheme: light`): a system set to dark gets it too, form controls and scroll bars included,
// and is measured as well, so a dark rule added for some elements only shows up here.
for (const scheme of ['light', 'dark'] as const) {
  test(`every tab: text on screen has AA contrast (the system set to ${scheme})`, async ({ page, eventbench }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await eventbench.post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'alice', anonymousId: 'a-1', traits: { email: 'alice@example.com' } },
        { type: 'track', userId: 'alice', anonymousId: 'a-1', event: 'Notification Viewed', properties: { notificationId: 'n1', module: 'Billing', missing: null, trial: true, seats: 3 } },
        { type: 'track', event: 'No identity' },
      ],
    });
    // Two users share bob's email: his decision's row says "shared by 2", in the warning colour.
    await fetch(`${eventbench.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-1,bob,bob@example.com\nu-2,rob,bob@example.com' });
    await eventbench.post('/webhook/pf', { type: 'identify', userId: 'bob', traits: { email: 'bob@example.com' } });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(eventbench.url);
    const list = page.getByRole('listbox', { name: 'Captured messages' });
    await expect(list.getByRole('option')).toHaveCount(4);
    await list.getByRole('option').nth(1).click();
    await expect(page.getByRole('complementary', { name: 'Message detail' })).toContainText('Notification Viewed');
    const failures: string[] = (await lowContrastTexts(page)).map((f) => `Inspector: ${f}`);
    for (const tab of ['Composer', 'Matching', 'Sessions', 'Scenarios', 'Workspace', 'Connect', 'Webhooks']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.locator(`#tab-${tab.toLowerCase()}`)).toHaveAttribute('aria-selected', 'true');
      await page.waitForLoadState('networkidle');
      failures.push(...(await lowContrastTexts(page)).map((f) => `${tab}: ${f}`));
    }
    // A selected row's blue: the warning colour of "shared by 2" was 4.49:1 on it.
    await page.getByRole('tab', { name: 'Matching' }).click();
    await page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first().click();
    await expect(page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option', { selected: true })).toContainText('shared by 2');
    failures.push(...(await lowContrastTexts(page)).map((f) => `Matching, a decision selected: ${f}`));
    expect(failures).toEqual([]);
  });
}

test('the keyboard focus ring stands out from the page (3:1)', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Connect' }).click();
  await page.getByRole('button', { name: 'Copy host' }).first().focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab'); // focused from the keyboard: :focus-visible
  const ring = await page.getByRole('button', { name: 'Copy host' }).first().evaluate((el) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const cs = (globalThis as any).getComputedStyle(el);
    return { shadow: cs.boxShadow as string, outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}` };
  });
  // The ring's colour, over the white page.
  const m = /rgba?\(([^)]+)\)/.exec(ring.outline.startsWith('none') ? ring.shadow : ring.outline);
  expect(m, JSON.stringify(ring)).not.toBeNull();
  const [r, g, b, a = 1] = m![1].split(/[ ,/]+/).filter(Boolean).map(Number);
  const lum = (...c: number[]) => {
    const [R, G, B] = c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ringLum = lum(r * a + 255 * (1 - a), g * a + 255 * (1 - a), b * a + 255 * (1 - a));
  expect((1.05 / (ringLum + 0.05)).toFixed(2), JSON.stringify(ring)).not.toMatch(/^[0-2]\./);
});

// ---- Colours read from the page's own stylesheet (computed in Chromium), and the edges of things. ----

type Rgb = [number, number, number];
const rgbOf = (c: string): Rgb => {
  const m = /#([0-9a-f]{6})/i.exec(c);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)) as Rgb;
  return c.match(/[\d.]+/g)!.slice(0, 3).map(Number) as Rgb;
};
const luminance = (c: Rgb) => c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(rgbOf(a)), luminance(rgbOf(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

// The palette's green (--ok: "open", "by email", a passed step; --j-str: a JSON string) was 4.48:1 on
// --info-soft and 4.49:1 on a selected row and on --error-soft: below AA wherever those meet (a
// selected row's green badge text, a string in a finding's box). Every text colour of the palette
// is measured on every background of it, as the page computes them.
test('every text colour of the palette is 4.5:1 or more on every background of it', async ({ page, eventbench }) => {
  await page.goto(eventbench.url);
  const texts = ['--text', '--text-muted', '--text-faint', '--accent', '--accent-strong', '--ok', '--warn', '--error', '--info', '--j-key', '--j-str', '--j-num', '--j-bool', '--j-null'];
  const backgrounds = ['--bg', '--surface', '--surface-2', '--surface-hover', '--surface-selected', '--accent-soft', '--ok-soft', '--warn-soft', '--error-soft', '--info-soft'];
  await expect(page.getByRole('tab', { name: 'Inspector' })).toBeVisible();
  // Each variable as the page resolves it: the colour of a probe painted with it.
  const value = await page.evaluate((names) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const w = globalThis as any;
    const probe = w.document.body.appendChild(w.document.createElement('span'));
    const got = Object.fromEntries(names.map((n: string) => ((probe.style.color = `var(${n}, transparent)`), [n, w.getComputedStyle(probe).color as string])));
    probe.remove();
    return got;
  }, [...texts, ...backgrounds]);
  for (const n of [...texts, ...backgrounds]) expect(value[n], n).toMatch(/^rgb\(/);
  const low: string[] = [];
  for (const t of texts) for (const b of backgrounds) if (contrast(value[t], value[b]) < 4.5) low.push(`${t} ${value[t]} on ${b} ${value[b]}: ${contrast(value[t], value[b]).toFixed(2)}`);
  expect(low).toEqual([]);
});

/** Each visible field's edge against what is behind it: "ratio tag.class 'name'" for those under 3:1. */
const faintFieldEdges = (page: Page) =>
  page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const w = globalThis as any;
    const rgb = (c: string) => c.match(/[\d.]+/g)!.map(Number);
    const lum = (c: number[]) => c.slice(0, 3).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const behind = (el: any) => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = rgb(w.getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] === 1) return c;
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    const fields = w.document.querySelectorAll("input[type='text'], input[type='search'], input[type='password'], input:not([type]), select, textarea, .json-frame");
    for (const el of fields) {
      if (!el.checkVisibility() || el.disabled) continue;
      const cs = w.getComputedStyle(el);
      if (cs.borderTopStyle === 'none' || parseFloat(cs.borderTopWidth) === 0) continue;
      const [a, b] = [lum(rgb(cs.borderTopColor)), lum(behind(el))].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      if (ratio < 3) out.push(`${ratio.toFixed(2)} ${el.tagName.toLowerCase()}.${[...el.classList].join('.')} '${el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? ''}'`);
    }
    return out;
  });

// A field's edge is all that shows where it is (WCAG 1.4.11, 3:1): it was 1.5-1.6:1 (#c5cbd4), and a
// field the findings warn about (a recommended one left empty) was drawn in an amber of 2.0:1.
test('every field on every tab has an edge of 3:1 on what is behind it, a warned-about field too', async ({ page, eventbench }) => {
  await eventbench.track({ userId: 'ada', anonymousId: 'a-1', event: 'Seen', properties: { module: 'Billing' } });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  const failures: string[] = [];
  for (const tab of ['Inspector', 'Composer', 'Matching', 'Sessions', 'Scenarios', 'Workspace', 'Connect', 'Webhooks']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForLoadState('networkidle');
    failures.push(...(await faintFieldEdges(page)).map((f) => `${tab}: ${f}`));
  }
  // The composer's ProveSource Goal Completed: Goal ID and Goal name are recommended and empty, warned about.
  await page.getByRole('tab', { name: 'Composer' }).click();
  await page.getByLabel('Profile', { exact: true }).selectOption('provesource');
  await page.getByLabel('Event', { exact: true }).selectOption('Goal Completed');
  await expect(page.locator('input.has-warning').first()).toBeVisible();
  failures.push(...(await faintFieldEdges(page)).map((f) => `Composer, warnings: ${f}`));
  expect(failures).toEqual([]);
});

// "(no module)" was its grey alone: 2.54:1 on the lane's white, and a darker grey would near the teal
// module for a deuteranope. It is hatched, with an edge of 3:1 or more, in the bars, the legend and
// the detail; a session too short to show its modules (its bar's 6 px) shows the bar's own grey,
// which was the same 2.54:1.
test('Sessions: "(no module)" is hatched with an edge of 3:1, and a zero-length bar is 3:1 on the lane', async ({ page, eventbench }) => {
  const t0 = Date.parse('2026-05-01T10:00:00Z');
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  await fetch(`${eventbench.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'set', to: t0 + 20 * 60_000 }) });
  await eventbench.post('/v1/batch', {
    batch: [
      { type: 'track', anonymousId: 'visitor-1', event: 'Opened', originalTimestamp: at(0) },
      { type: 'track', anonymousId: 'visitor-1', event: 'Seen', properties: { module: 'Billing' }, originalTimestamp: at(5) },
      { type: 'track', anonymousId: 'visitor-1', event: 'Paid', properties: { module: 'Billing' }, originalTimestamp: at(10) },
      { type: 'track', anonymousId: 'visitor-2', event: 'Once', properties: { module: 'Reports' }, originalTimestamp: at(12) },
    ],
  });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await page.locator('[data-session="visitor-1#1"] .session-bar').click();
  const detail = page.getByRole('complementary', { name: 'Session detail' });
  await expect(detail.getByRole('row').filter({ hasText: '(no module)' })).toContainText('5 min');
  const painted = (loc: ReturnType<Page['locator']>) =>
    loc.evaluateAll((els) =>
      els.map((el: any) => {
        const cs = el.ownerDocument.defaultView.getComputedStyle(el);
        return { pattern: cs.backgroundImage as string, edge: (/rgba?\([^)]+\)/.exec(cs.boxShadow) ?? [''])[0], inset: (cs.boxShadow as string).includes('inset') };
      }),
    );
  const places = {
    bar: page.locator('[data-session="visitor-1#1"] .session-seg[title^="(no module)"]'),
    legend: page.locator('.legend-item').filter({ hasText: '(no module)' }).locator('.legend-swatch'),
    'detail table': detail.getByRole('row').filter({ hasText: '(no module)' }).locator('.legend-swatch'),
    'detail message': detail.locator('.sd-module').filter({ hasText: '(no module)' }).locator('.legend-swatch'),
  };
  for (const [where, loc] of Object.entries(places)) {
    const all = await painted(loc);
    expect(all.length, where).toBeGreaterThan(0);
    for (const p of all) {
      expect(p.pattern, where).toMatch(/repeating-linear-gradient/);
      expect(p.inset, `${where}: ${p.edge}`).toBe(true);
      expect(contrast(p.edge, '#ffffff'), `${where}: ${p.edge}`).toBeGreaterThanOrEqual(3);
    }
  }
  // Billing's segment is its colour alone.
  expect((await painted(page.locator('[data-session="visitor-1#1"] .session-seg[title^="Billing"]')))[0].pattern).toBe('none');
  // visitor-2's one message: a session of 0 s, its bar the 6 px minimum with no segment to draw.
  const zero = page.locator('[data-session="visitor-2#1"] .session-bar');
  await expect(zero.locator('.session-seg')).toHaveCount(0);
  const base = await zero.evaluate((el: any) => el.ownerDocument.defaultView.getComputedStyle(el).backgroundColor as string);
  expect(contrast(base, '#ffffff'), base).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: `${screenshotDir}/sessions-no-module-1400.png` });
});

/**
 * What is wrong with the focused element's ring, if anything: none at all, or one drawn outside it
 * and cut by a box that clips (a tab strip that scrolls, the send modes' box, a list's pane). A ring
 * on the box around it that shows :focus-within (the JSON editor's frame) counts as its ring.
 */
const focusRingProblem = (page: Page) =>
  page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's DOM (no DOM types here)
    const w = globalThis as any;
    const el = w.document.activeElement;
    if (!el || el === w.document.body) return null;
    const ringOf = (e: any) => {
      const cs = w.getComputedStyle(e);
      if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) return { inside: parseFloat(cs.outlineOffset) <= -parseFloat(cs.outlineWidth), width: parseFloat(cs.outlineWidth) + Math.max(0, parseFloat(cs.outlineOffset)) };
      // A control that fills itself with the ring's colour (the split handle) shows it within.
      if (cs.boxShadow !== 'none') return { inside: cs.boxShadow.includes('inset') || cs.boxShadow.startsWith(cs.backgroundColor), width: 2 };
      return null;
    };
    let holder = el;
    let ring = ringOf(el);
    for (let e = el.parentElement; !ring && e; e = e.parentElement) if (e.matches(':focus-within') && (ring = ringOf(e))) holder = e;
    const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} '${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}'`;
    if (!ring) return { name, problem: 'no ring' };
    if (ring.inside) return { name, problem: '' };
    // Outside, the ring's outer colour against what is behind the control (the dark snippet's Copy:
    // the blue ring was 2.88:1 on it).
    const rgb = (c: string) => c.match(/[\d.]+/g)!.map(Number);
    const lum = (c: number[]) => c.slice(0, 3).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((t, v, i) => t + v * [0.2126, 0.7152, 0.0722][i], 0);
    // What lies under the ring (a control placed over a box, as Copy over a snippet, is not its child).
    const box = holder.getBoundingClientRect();
    const under = w.document.elementsFromPoint(box.left + box.width / 2, box.top - 1).find((e: any) => !holder.contains(e)) ?? holder.parentElement;
    let behind = [255, 255, 255];
    for (let e = under; e; e = e.parentElement) {
      const c = rgb(w.getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] === 1) {
        behind = c;
        break;
      }
    }
    const hcs = w.getComputedStyle(holder);
    const outer = hcs.outlineStyle !== 'none' && parseFloat(hcs.outlineWidth) > 0 ? hcs.outlineColor : (hcs.boxShadow.match(/rgba?\([^)]+\)/g) ?? ['rgb(255, 255, 255)']).pop()!;
    const [hi, lo] = [lum(rgb(outer)), lum(behind)].sort((a, b) => b - a);
    if ((hi + 0.05) / (lo + 0.05) < 3) return { name, problem: `ring ${outer} ${((hi + 0.05) / (lo + 0.05)).toFixed(2)}:1 on rgb(${behind.slice(0, 3).join(', ')})` };
    const r = holder.getBoundingClientRect();
    const html = w.document.documentElement;
    if (r.left - ring.width < 0 || r.top - ring.width < 0 || r.right + ring.width > html.clientWidth || r.bottom + ring.width > html.clientHeight) return { name, problem: 'cut by the window' };
    for (let e = holder.parentElement; e; e = e.parentElement) {
      const cs = w.getComputedStyle(e);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const p = e.getBoundingClientRect();
      const [left, top] = [p.left + e.clientLeft, p.top + e.clientTop];
      const cut = r.left - ring.width < left - 0.5 || r.top - ring.width < top - 0.5 || r.right + ring.width > left + e.clientWidth + 0.5 || r.bottom + ring.width > top + e.clientHeight + 0.5;
      if (cut) return { name, problem: `cut by ${e.tagName.toLowerCase()}.${[...e.classList].join('.')}` };
    }
    return { name, problem: '' };
  });

// Tab through every tab, with something in each: each control reached shows its ring whole, 3:1 on
// what is behind it (the blue ring was 2.88:1 around a Copy button on the dark snippets). The
// tabs (the header's, the Connect clients') lost the top and bottom of theirs to the strip that
// scrolls, the composer's send modes (Local, Segment...) all of it to their rounded box, a finding's
// button its top to the findings list, and the list of messages or decisions all but its top edge
// to the window's edges and the split handle.
test('every tab: each control reached with Tab shows its whole focus ring', async ({ page, eventbench }) => {
  test.setTimeout(120_000);
  await eventbench.post('/v1/batch', {
    batch: [
      { type: 'identify', userId: 'alice', anonymousId: 'a-1', traits: { email: 'alice@example.com' } },
      { type: 'track', userId: 'alice', anonymousId: 'a-1', event: 'Notification Viewed', properties: { module: 'Billing', nested: { a: { b: 1 } } } },
    ],
  });
  await eventbench.post('/webhook/pf', { type: 'identify', userId: 'alice', traits: { email: 'alice@example.com' } });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(eventbench.url);
  const failures: string[] = [];
  const reached: string[] = [];
  for (const tab of ['Inspector', 'Composer', 'Matching', 'Sessions', 'Scenarios', 'Workspace', 'Connect', 'Webhooks']) {
    await page.getByRole('tab', { name: tab }).click();
    if (tab === 'Inspector') await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first().click();
    if (tab === 'Matching') await page.getByRole('listbox', { name: 'Matching decisions' }).getByRole('option').first().click();
    if (tab === 'Scenarios') await page.getByRole('button', { name: /Freshsuccess session times out/ }).click();
    await page.waitForLoadState('networkidle');
    await page.keyboard.press('Shift'); // from the keyboard: :focus-visible
    await page.getByRole('tab', { name: tab }).focus();
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const got = await focusRingProblem(page);
      if (!got || seen.has(got.name)) break;
      seen.add(got.name);
      reached.push(`${tab}: ${got.name}`);
      if (got.problem) failures.push(`${tab}: ${got.name} ${got.problem}`);
      await page.keyboard.press('Tab');
    }
  }
  // The ones named above were reached.
  for (const want of [/^Connect: button\.btn\.btn-secondary\.btn-sm\.copy-corner/, /^Composer: button\.active 'Local'/, /^Composer: button\.cfinding/, /^Connect: button\.tab\.active 'Node\.js'/, /^Inspector: div\.msg-scroll/, /^Matching: div\.msg-scroll/]) expect(reached.some((r) => want.test(r)), String(want)).toBe(true);
  expect(failures).toEqual([]);
  // The list's ring, drawn inside it, is not covered by its rows (positioned, they were drawn over it).
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await page.keyboard.press('Shift');
  await list.focus();
  const [box, row] = [await list.boundingBox(), await list.getByRole('option').first().boundingBox()];
  expect(row!.x - box!.x).toBeGreaterThanOrEqual(2);
  expect(row!.y - box!.y).toBeGreaterThanOrEqual(2);
  expect(box!.x + box!.width - (row!.x + row!.width)).toBeGreaterThanOrEqual(2);
});
