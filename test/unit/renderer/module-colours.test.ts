// The Sessions tab's module colours: given once and kept for the life of the view (they were given
// in name order over each moment's modules, so a new "Admin" shifted Billing from blue to green
// while the user watched), derived from the name so a reload gives the same, and distinct among the
// modules on screen.
import { describe, expect, it } from 'vitest';
import { MODULE_PALETTE, ModuleColourBook, NO_MODULE, NO_MODULE_COLOUR, moduleColor, preferredIndex } from '../../../src-renderer/src/sessions/module-colours';

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
    // Billing and Settings hash to one colour; Dashboard, Users and Calendar to another.
    expect(preferredIndex('Billing')).toBe(preferredIndex('Settings'));
    expect(preferredIndex('Dashboard')).toBe(preferredIndex('Users'));
    expect(preferredIndex('Dashboard')).toBe(preferredIndex('Calendar'));
    const book = new ModuleColourBook();
    const modules = ['Billing', 'Settings', 'Dashboard', 'Users', 'Calendar'];
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

  it('past the palette, keeps the first ten distinct and every colour given', () => {
    const book = new ModuleColourBook();
    const first = Array.from({ length: 10 }, (_, i) => `Module ${i}`);
    book.see(first);
    const given = colours(book, first);
    expect(new Set(Object.values(given)).size).toBe(10);
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
