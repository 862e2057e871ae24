// Readable text and a visible focus, measured in Chromium on every tab with content in it: the
// colour of each text on screen against the background it is drawn on (WCAG AA: 4.5:1, 3:1 for
// large text), and the keyboard focus ring against the page (3:1, as for any control's state).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

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
