// The Sessions tab's module colours: given once and kept for the life of the view (they were given
// in name order over each moment's modules, so a new "Admin" shifted Billing from blue to green
// while the user watched), derived from the name so a reload gives the same, and distinct among the
// modules on screen.
import { describe, expect, it } from 'vitest';
import { MODULE_PALETTE, ModuleColourBook, NO_MODULE, NO_MODULE_COLOUR, moduleColor, preferredIndex } from '../../../src-renderer/src/sessions/module-colours';
import { type Vision, contrastRatio, deltaE2000, difference } from './colour-vision';

const colours = (book: ModuleColourBook, modules: string[]) => Object.fromEntries(modules.map((m) => [m, book.colourOf(m)]));

describe('ModuleColourBook', () => {
  it('keeps every colour given when a module appears, and gives the newcomer one no module on screen has', () => {
    const book = new ModuleColourBook();
    book.see(['Billing', 'Reports']);
    const before = colours(book, ['Billing', 'Reports']);
    // "Admin" sorts first and its name asks for Reports' colour.
    expect(preferredIndex('Admin')).toBe(preferredIndex('Reports'));
    expect(book.see(['Admin', 'Billing', 'Reports'])).toBe(true);
    expect(colours(book, ['Billing', 'Reports'])).toEqual(before);
    expect(new Set(Object.values(colours(book, ['Admin', 'Billing', 'Reports']))).size).toBe(3);
    // Nothing new: nothing given.
    expect(book.see(['Reports', 'Billing', 'Admin'])).toBe(false);
  });

  it("gives a module its name's colour where that is free, so a reload gives the same", () => {
    const book = new ModuleColourBook();
    book.see(['Reports', 'Dashboard', 'Onboarding']);
    for (const m of ['Reports', 'Dashboard', 'Onboarding']) expect(book.colourOf(m)).toBe(moduleColor(m));
    expect(moduleColor('Reports')).toBe(MODULE_PALETTE[preferredIndex('Reports')]);
  });

  it('gives the same colours to one set of modules whatever order they come in', () => {
    const modules = ['Settings', 'Billing', 'Users', 'Dashboard', 'Calendar', 'Admin', 'Reports'];
    const a = new ModuleColourBook();
    a.see(modules);
    const b = new ModuleColourBook();
    b.see([...modules].reverse());
    expect(colours(a, modules)).toEqual(colours(b, modules));
  });

  it('tells apart modules whose names ask for one colour', () => {
    // Billing and Settings hash to one colour; Calendar, Inbox and Checkout to another.
    expect(preferredIndex('Billing')).toBe(preferredIndex('Settings'));
    expect(preferredIndex('Calendar')).toBe(preferredIndex('Inbox'));
    expect(preferredIndex('Calendar')).toBe(preferredIndex('Checkout'));
    const book = new ModuleColourBook();
    const modules = ['Billing', 'Settings', 'Calendar', 'Inbox', 'Checkout'];
    book.see(modules);
    expect(new Set(Object.values(colours(book, modules))).size).toBe(5);
    // The first in name order keeps its name's colour.
    expect(book.colourOf('Billing')).toBe(moduleColor('Billing'));
    expect(book.colourOf('Calendar')).toBe(moduleColor('Calendar'));
  });

  it('keeps a colour for a module that leaves the screen and comes back, and gives it to no newcomer while others are free', () => {
    const book = new ModuleColourBook();
    book.see(['Billing', 'Reports']);
    const billing = book.colourOf('Billing');
    // A filter hides Billing; Settings (whose name asks for Billing's colour) appears.
    book.see(['Reports', 'Settings']);
    expect(book.colourOf('Settings')).not.toBe(billing);
    book.see(['Billing', 'Reports', 'Settings']);
    expect(book.colourOf('Billing')).toBe(billing);
  });

  it('past the palette, keeps as many distinct as it has colours and every colour given', () => {
    const book = new ModuleColourBook();
    const first = Array.from({ length: MODULE_PALETTE.length }, (_, i) => `Module ${i}`);
    book.see(first);
    const given = colours(book, first);
    expect(new Set(Object.values(given)).size).toBe(MODULE_PALETTE.length);
    const more = [...first, 'Module 10', 'Module 11'];
    book.see(more);
    expect(colours(book, first)).toEqual(given);
    for (const m of more) expect(MODULE_PALETTE).toContain(book.colourOf(m));
  });

  it('"(no module)" is grey, outside the palette, and takes no colour from the others', () => {
    const book = new ModuleColourBook();
    book.see([NO_MODULE, 'Billing']);
    expect(book.colourOf(NO_MODULE)).toBe(NO_MODULE_COLOUR);
    expect(MODULE_PALETTE).not.toContain(NO_MODULE_COLOUR);
    expect(book.colourOf('Billing')).toBe(moduleColor('Billing'));
  });

  it('answers a module it has not seen with its name\'s colour', () => {
    expect(new ModuleColourBook().colourOf('Inbox')).toBe(moduleColor('Inbox'));
  });
});

// The palette before held near twins (green #1d9a6c and teal #0f766e, violet and purple, orange and
// amber) and put Billing green beside Reports teal in the README's picture. Every two colours must
// look apart to normal sight and to the three colour-vision deficiencies, the more so two next to
// each other (a module whose name's colour is taken gets the next), and stand out on the lanes.
describe('MODULE_PALETTE', () => {
  const visions: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];
  // CIEDE2000: about 1 is just noticeable; side by side on a bar, 10 and more reads as another colour.
  const least: Record<Vision, number> = { normal: 20, protanopia: 9.5, deuteranopia: 9.5, tritanopia: 9.5 };
  const pairs = MODULE_PALETTE.flatMap((a, i) => MODULE_PALETTE.slice(i + 1).map((b) => [a, b] as const));

  it('the colour science is right: CIEDE2000 matches Sharma, Wu and Dalal\'s test data', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
    expect(deltaE2000([50, -1.3802, -84.2814], [50, 0, -82.7485])).toBeCloseTo(1.0, 3);
    expect(deltaE2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 3);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // A deuteranope cannot tell red from green of one lightness; a tritanope can.
    expect(difference('#d55e00', '#8a8a00', 'deuteranopia')).toBeLessThan(difference('#d55e00', '#8a8a00', 'tritanopia'));
  });

  for (const vision of visions) {
    it(`tells every two colours apart with ${vision}`, () => {
      const close = pairs.map(([a, b]) => ({ a, b, d: difference(a, b, vision) })).filter((p) => p.d < least[vision]);
      expect(close, `pairs closer than ${least[vision]}`).toEqual([]);
    });

    it(`tells neighbours apart still more with ${vision}`, () => {
      const close = MODULE_PALETTE.map((a, i) => {
        const b = MODULE_PALETTE[(i + 1) % MODULE_PALETTE.length];
        return { a, b, d: difference(a, b, vision) };
      }).filter((p) => p.d < 20);
      expect(close, 'neighbours closer than 20').toEqual([]);
    });
  }

  it('stands out 3:1 or more on the lanes (white, and the hovered lane) and from "(no module)" grey', () => {
    for (const background of ['#ffffff', '#fafbfd']) {
      for (const c of MODULE_PALETTE) expect(contrastRatio(c, background), `${c} on ${background}`).toBeGreaterThanOrEqual(3);
    }
    for (const c of MODULE_PALETTE) for (const vision of visions) expect(difference(c, NO_MODULE_COLOUR, vision), `${c} vs grey, ${vision}`).toBeGreaterThanOrEqual(least[vision]);
  });
});
