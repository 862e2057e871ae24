// A YAML tag can make a value JSON cannot hold: a date (!!timestamp), bytes (!!binary), a set
// (!!set), an ordered map (!!omap), or a number such as .inf. The file passed its check and the
// step sent something else than it wrote: the date and the set as {}, the bytes as
// {"0":104,"1":101,…}, .inf as null (and the step was labelled "send [object Object]"). Each is now
// an error of the file, at the value, saying what to write instead.
import { describe, expect, it } from 'vitest';
import { errorsOf, ok } from './load-helpers';

const step = (properties: string) => `name: a\nsteps:\n  - send: { message: { type: track, userId: u, event: e, properties: { ${properties} } } }\n`;
const column = (text: string, part: string) => text.split('\n')[2].indexOf(part) + 1;

describe('values a message cannot hold', () => {
  it.each([
    ['when: !!timestamp 2001-12-14', '2001-12-14', 'a date (a YAML !!timestamp), which JSON cannot hold (it was sent as {}); write it as a string, such as "2026-01-01T10:00:00Z"'],
    ['b: !!binary aGVsbG8=', 'aGVsbG8=', 'bytes (a YAML !!binary), which JSON cannot hold (it was sent as an object of byte values); write them as a string'],
    ['s: !!set { a, b }', '{ a, b }', 'a set (a YAML !!set), which JSON cannot hold (it was sent as {}); write it as a list'],
    ['o: !!omap [ a: 1 ]', '[ a: 1 ]', 'an ordered map (a YAML !!omap), which JSON cannot hold (it was sent as {}); write it as a map'],
    ['n: .inf', '.inf', 'a number JSON cannot hold (.inf, sent as null); write a finite number, or a string'],
    ['n: -.Inf', '-.Inf', 'a number JSON cannot hold (-.Inf, sent as null); write a finite number, or a string'],
    ['n: .nan', '.nan', 'a number JSON cannot hold (.nan, sent as null); write a finite number, or a string'],
  ])('%s is an error at the value (%s)', (properties, at, message) => {
    const text = step(properties);
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([[3, column(text, at), `not valid YAML/JSON: ${message}`]]);
  });

  it('a date written as a string, and other tags that give JSON values, are taken', () => {
    const s = ok(step('when: "2001-12-14", plain: !!str 5, count: !!int "7", list: !!seq [1], map: !!map { a: 1 }'));
    expect((s.steps[0] as unknown as { send: { message: { properties: unknown } } }).send.message.properties).toEqual({ when: '2001-12-14', plain: '5', count: 7, list: [1], map: { a: 1 } });
  });

  it('in any part of the file: an expectation, a variable', () => {
    const text = 'name: a\nvariables: { when: !!timestamp 2001-12-14 }\nsteps: []\n';
    expect(errorsOf(text).map((e) => [e.line, e.message.slice(0, 40)])).toEqual([[2, 'not valid YAML/JSON: a date (a YAML !!ti']]);
  });
});

// A zip code, an account number or an id written as it looks, `zip: 01234`: YAML reads it as the
// number 1234 and the step sent that, the zero gone without a word (JSON has no such number, so
// Save as scenario never writes one). It is an error of the file at the value, saying what to write.
describe('a number written with a leading zero', () => {
  it.each([
    ['zip: 01234', '01234', 'a number written with a leading zero (01234), which YAML reads as 1234, dropping the zero; write "01234" in quotes to send the text, or 1234 for the number'],
    ['acct: -007', '-007', 'a number written with a leading zero (-007), which YAML reads as -7, dropping the zero; write "-007" in quotes to send the text, or -7 for the number'],
    ['v: 00.5', '00.5', 'a number written with a leading zero (00.5), which YAML reads as 0.5, dropping the zero; write "00.5" in quotes to send the text, or 0.5 for the number'],
  ])('%s is an error at the value (%s)', (properties, at, message) => {
    const text = step(properties);
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([[3, column(text, at), `not valid YAML/JSON: ${message}`]]);
  });

  it('a zero, a decimal below one, a quoted zip and a number without one are taken', () => {
    const s = ok(step('a: 0, b: 0.5, c: -0.25, d: "01234", e: 1234, f: 0e3'));
    expect((s.steps[0] as unknown as { send: { message: { properties: unknown } } }).send.message.properties).toEqual({ a: 0, b: 0.5, c: -0.25, d: '01234', e: 1234, f: 0 });
  });

  it('a zero inside a number, or a text that begins with zeros (YAML reads it as a text), is taken as written', () => {
    const s = ok(step('a: 1.05, b: 100, c: -10.007, d: 01-02, e: 007abc'));
    expect((s.steps[0] as unknown as { send: { message: { properties: unknown } } }).send.message.properties).toEqual({ a: 1.05, b: 100, c: -10.007, d: '01-02', e: '007abc' });
  });
});
