// The colour of each module in the Sessions tab (legend, bars, detail). A colour, once given, is
// kept for the life of the view: they were given in name order over the modules of the moment, so a
// new module ("Admin") shifted every one after it and a user watching live saw Billing turn from
// blue to green. Each module's colour is its name's (a hash into the palette), so a reload gives the
// same one; where that colour is taken by a module on screen, the next free one after it.

/**
 * The modules' palette: eight colours told apart side by side by everyone. The ten before (blue,
 * green, orange, violet, amber, cyan, pink, olive, purple, teal) held near twins (green and teal,
 * violet and purple, orange and amber: 3.6 apart in CIEDE2000 to any eye, 0.2 to a deuteranope),
 * and Billing sat green beside Reports teal. These start from Okabe–Ito's blue and were picked, and
 * ordered, so that every two are at least 23 apart (CIEDE2000) to normal sight and 10 under
 * simulated protanopia, deuteranopia and tritanopia (Machado 2009), as far from "(no module)"
 * grey, each two next to each other in this order (the next free colour after a name's) at least
 * 23 under each, and every one 3:1 or more on the lanes' white (3.33–7.42): blue, mustard, plum,
 * green, orchid, teal, violet, rose. test/unit/renderer/module-colours.test.ts measures all of it.
 */
export const MODULE_PALETTE = ['#0072b2', '#998800', '#992277', '#006600', '#cc55ff', '#229988', '#5500ff', '#cc6666'] as const;
export const NO_MODULE = '(no module)';
/** "(no module)" is grey, outside the palette. */
export const NO_MODULE_COLOUR = '#9aa3b2';

/**
 * The class that paints a module's swatch, bar segment or share of a stack beyond its colour (set as
 * backgroundColor, so the class's pattern stays): "(no module)" is hatched, with a dark edge
 * (.no-module-fill). Its grey alone was 2.54:1 on the lanes' white, and a darker grey neared the
 * teal for a deuteranope: the hatching tells it apart without colour, the edge is 5.7:1.
 */
export function moduleFillClass(module: string): string {
  return module === NO_MODULE ? 'no-module-fill' : '';
}

/** The palette index a module's name asks for. */
export function preferredIndex(module: string): number {
  let h = 0;
  for (let i = 0; i < module.length; i++) h = (h * 31 + module.charCodeAt(i)) >>> 0;
  return h % MODULE_PALETTE.length;
}

/** A module's own colour, from its name alone (no other module considered). */
export function moduleColor(module: string): string {
  return module === NO_MODULE ? NO_MODULE_COLOUR : MODULE_PALETTE[preferredIndex(module)];
}

/**
 * The colours given so far in one view. `see` gives each module not seen before a colour and never
 * changes one given; `colourOf` reads them.
 */
export class ModuleColourBook {
  private readonly given = new Map<string, string>();

  /**
   * Gives the modules not seen before their colours, new ones in name order (so one set of modules
   * seen at once gets the same colours whatever order it came in). A new module takes the first
   * colour, from its name's, that no module on screen (`modules`) holds and, while the palette
   * has one, no module seen before holds (one that left the screen may come back); when every
   * colour is held on screen (more modules than colours), its name's. Returns whether any was given.
   */
  see(modules: Iterable<string>): boolean {
    const visible = new Set(modules);
    visible.delete(NO_MODULE);
    const fresh = [...visible].filter((m) => !this.given.has(m)).sort();
    if (fresh.length === 0) return false;
    const onScreen = new Set<string>();
    for (const m of visible) {
      const c = this.given.get(m);
      if (c !== undefined) onScreen.add(c);
    }
    for (const m of fresh) {
      const everGiven = new Set(this.given.values());
      const start = preferredIndex(m);
      let colour: string | undefined;
      for (const avoid of [(c: string) => onScreen.has(c) || everGiven.has(c), (c: string) => onScreen.has(c)]) {
        for (let i = 0; i < MODULE_PALETTE.length && colour === undefined; i++) {
          const c = MODULE_PALETTE[(start + i) % MODULE_PALETTE.length];
          if (!avoid(c)) colour = c;
        }
        if (colour !== undefined) break;
      }
      colour ??= MODULE_PALETTE[start];
      this.given.set(m, colour);
      onScreen.add(colour);
    }
    return true;
  }

  /** The module's colour: the one given, else its name's ("(no module)": grey). */
  colourOf(module: string): string {
    return this.given.get(module) ?? moduleColor(module);
  }
}
