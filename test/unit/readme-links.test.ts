// README's in-page links (its Contents list, "see Performance") lead to a heading: GitHub makes
// each heading's anchor with github-slugger's rules, so a heading renamed without its links breaks
// them silently on the page (a click that goes nowhere).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The anchors GitHub gives README's headings (outside fenced code), in order; repeats get -1, -2… as there. */
function headingAnchors(markdown: string): string[] {
  const slugger = new GithubSlugger();
  const anchors: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence) {
      const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      // The anchor is made from the heading's text as shown: inline code loses its backticks.
      if (heading) anchors.push(slugger.slug(heading[1]!.replace(/`/g, '')));
    }
  }
  return anchors;
}

/** Every `](#anchor)` link in the text. */
function inPageLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe("README's in-page links", () => {
  it('reads the anchors as GitHub makes them (backticks, punctuation and repeats)', () => {
    expect(headingAnchors('# A\n## Headless: `eventbench serve`\n### The JSON report (`eventbench run --reporter json`)\n```\n# not a heading\n```\n## A\n')).toEqual([
      'a',
      'headless-eventbench-serve',
      'the-json-report-eventbench-run---reporter-json',
      'a-1',
    ]);
    expect(inPageLinks('see [Performance](#performance) and [x](https://example.com/#y)')).toEqual(['performance']);
  });

  it('has a Contents list naming every section (but itself and the install note)', () => {
    const contents = /## Contents\n([\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';
    const listed = new Set(inPageLinks(contents));
    const sections = readme
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => new GithubSlugger().slug(line.slice(3).replace(/`/g, '')))
      .filter((anchor) => anchor !== 'contents' && anchor !== 'why-npm-ci-works-offline');
    expect(sections.length).toBeGreaterThan(10);
    expect(sections.filter((anchor) => !listed.has(anchor))).toEqual([]);
  });

  it('leads every one to a heading', () => {
    const anchors = new Set(headingAnchors(readme));
    const links = inPageLinks(readme);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });
});
