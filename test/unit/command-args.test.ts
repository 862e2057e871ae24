// The pure argument checks every WebSocket/IPC command goes through (src-shared/command-args.ts),
// tested on their own: ws-commands.test.ts holds them over a real WebSocket, but mutation testing
// runs unit files only, and there they had none (2.4%).
import { describe, expect, it } from 'vitest';
import { COMMAND_ARGS, commandArgFault, FieldError, listFault, messageNumberFault, missingTextField, notAnObject, optionalFieldFault, requiredFault, shownValue, wholeNumberFault } from '../../src-shared/command-args';

describe('shownValue', () => {
  it('writes JSON, undefined and non-finite numbers in words, and cuts after 80 characters', () => {
    expect(shownValue('x')).toBe('"x"');
    expect(shownValue(undefined)).toBe('undefined');
    expect(shownValue(null)).toBe('null');
    expect(shownValue(NaN)).toBe('NaN');
    expect(shownValue({ a: [1] })).toBe('{"a":[1]}');
    const eighty = 'a'.repeat(78); // 80 with its quotes: kept whole
    expect(shownValue(eighty)).toBe(`"${eighty}"`);
    const cut = shownValue('a'.repeat(79)); // 81 with its quotes
    expect(cut).toHaveLength(80);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('"aaa')).toBe(true);
  });
});

describe('notAnObject and missingTextField', () => {
  it('say how an argument falls short of an object holding text at the field', () => {
    expect(notAnObject(5)).toBe('its argument is 5, not an object');
    expect(missingTextField(undefined, 'name')).toBe('it was sent without an argument');
    expect(missingTextField(null, 'name')).toBe('it was sent without an argument');
    expect(missingTextField('x', 'name')).toBe('its argument is "x", not an object');
    expect(missingTextField(['x'], 'name')).toBe('its argument is ["x"], not an object');
    expect(missingTextField({}, 'name')).toBe('its argument has no "name"');
    expect(missingTextField({ name: 5 }, 'name')).toBe('its "name" is 5, not text');
    expect(missingTextField({ name: '' }, 'name')).toBeUndefined();
  });
});

describe('commandArgFault', () => {
  it('leaves nothing to the command (it names the field it misses)', () => {
    expect(commandArgFault('messages.get', undefined)).toBeUndefined();
    expect(commandArgFault('messages.get', null)).toBeUndefined();
  });

  it('takes nothing, null or {} for a void command, and refuses anything else naming the command', () => {
    expect(COMMAND_ARGS['messages.clear']).toBeNull();
    expect(commandArgFault('messages.clear', {})).toBeUndefined();
    expect(commandArgFault('messages.clear', { before: 120 })).toEqual({ message: 'messages.clear takes no argument; its argument is {"before":120}', where: 'arg' });
    expect(commandArgFault('messages.clear', 0)).toEqual({ message: 'messages.clear takes no argument; its argument is 0', where: 'arg' });
    expect(commandArgFault('messages.clear', [])).toEqual({ message: 'messages.clear takes no argument; its argument is []', where: 'arg' });
  });

  it('refuses a non-object saying what the command takes, and "or nothing" only where it may be left out', () => {
    expect(commandArgFault('messages.get', 'x')).toEqual({ message: 'messages.get takes {"seq": 12}; its argument is "x", not an object', where: 'arg' });
    expect(commandArgFault('messages.page', 7)).toEqual({ message: 'messages.page takes {"afterSeq": 12, "limit": 100}, or nothing; its argument is 7, not an object', where: 'arg' });
    expect(commandArgFault('messages.get', [1])?.message).toBe('messages.get takes {"seq": 12}; its argument is [1], not an object');
  });

  it('leaves a non-object to a command that answers it in its own words', () => {
    expect(COMMAND_ARGS['webhooks.delete']).toMatchObject({ ownCheck: true });
    expect(commandArgFault('webhooks.delete', 'x')).toBeUndefined();
  });

  it('names a field the command does not take, and what it takes; a field left undefined is not there', () => {
    expect(commandArgFault('messages.page', { limt: 10 })).toEqual({ message: 'messages.page has no field "limt"; it takes afterSeq, beforeSeq, last, limit', where: 'limt' });
    expect(commandArgFault('messages.page', { limit: 10, afterSeq: 2 })).toBeUndefined();
    expect(commandArgFault('messages.page', { limt: undefined, limit: 1 })).toBeUndefined();
    expect(commandArgFault('messages.page', { __proto__: 1 } as unknown as object)).toBeUndefined(); // a literal __proto__ sets the prototype: no own field
    expect(commandArgFault('messages.page', JSON.parse('{"__proto__": 1}'))).toEqual({ message: 'messages.page has no field "__proto__"; it takes afterSeq, beforeSeq, last, limit', where: '__proto__' });
  });
});

describe('wholeNumberFault', () => {
  it('passes a field left out or a safe whole number at or above the lowest', () => {
    expect(wholeNumberFault(undefined, 'limit', 1)).toBeUndefined();
    expect(wholeNumberFault(null, 'limit', 1)).toBeUndefined();
    expect(wholeNumberFault({}, 'limit', 1)).toBeUndefined();
    expect(wholeNumberFault({ limit: 1 }, 'limit', 1)).toBeUndefined();
    expect(wholeNumberFault({ afterSeq: 0 }, 'afterSeq', 0)).toBeUndefined();
    expect(wholeNumberFault({ afterSeq: Number.MAX_SAFE_INTEGER }, 'afterSeq', 0)).toBeUndefined();
  });

  it('refuses null, below the lowest, fractions, text and numbers past 2^53, naming what it got', () => {
    expect(wholeNumberFault({ afterSeq: null }, 'afterSeq', 0, '0: from the start')).toEqual({ message: 'afterSeq must be a whole number, 0 or more (0: from the start), not null', where: 'afterSeq' });
    expect(wholeNumberFault({ limit: 0 }, 'limit', 1)).toEqual({ message: 'limit must be a positive whole number, not 0', where: 'limit' });
    expect(wholeNumberFault({ afterSeq: -1 }, 'afterSeq', 0)?.message).toBe('afterSeq must be a whole number, 0 or more, not -1');
    expect(wholeNumberFault({ limit: 1.5 }, 'limit', 1)?.message).toBe('limit must be a positive whole number, not 1.5');
    expect(wholeNumberFault({ limit: '5' }, 'limit', 1)?.message).toBe('limit must be a positive whole number, not "5"');
    expect(wholeNumberFault({ limit: 2 ** 53 }, 'limit', 1)?.message).toBe('limit must be a positive whole number, not 9007199254740992');
  });
});

describe('listFault', () => {
  it('passes a list of the right entries, at most max', () => {
    expect(listFault({ seqs: [1, 2] }, 'seqs', 'a message number')).toBeUndefined();
    expect(listFault({ seqs: [] }, 'seqs', 'a message number', 0)).toBeUndefined();
    expect(listFault({ ids: ['a', ''] }, 'ids', 'text', 2)).toBeUndefined();
  });

  it('refuses a missing field or a non-list with an example of the list it takes', () => {
    expect(listFault({}, 'seqs', 'a message number')).toEqual({ message: 'seqs must be a list of message numbers, such as [12, 13]; the argument has no "seqs"', where: 'seqs' });
    expect(listFault(undefined, 'ids', 'text')).toEqual({ message: 'ids must be a list of texts, such as ["…"]; the argument has no "ids"', where: 'ids' });
    expect(listFault({ seqs: 12 }, 'seqs', 'a message number')).toEqual({ message: 'seqs must be a list of message numbers, such as [12, 13], not 12', where: 'seqs' });
  });

  it('refuses a list longer than max', () => {
    expect(listFault({ seqs: [1, 2, 3] }, 'seqs', 'a message number', 2)).toEqual({ message: 'seqs holds 3 entries; at most 2 at once', where: 'seqs' });
  });

  it('names the first entry of another kind by its index', () => {
    expect(listFault({ seqs: [1, '2', 'x'] }, 'seqs', 'a message number')).toEqual({ message: 'seqs[1] must be a message number (a whole number, 1 or more), not "2"', where: 'seqs[1]' });
    expect(listFault({ seqs: [0] }, 'seqs', 'a message number')?.where).toBe('seqs[0]');
    expect(listFault({ seqs: [1.5] }, 'seqs', 'a message number')?.where).toBe('seqs[0]');
    expect(listFault({ ids: ['a', 5] }, 'ids', 'text')).toEqual({ message: 'ids[1] must be text, not 5', where: 'ids[1]' });
  });
});

describe('optionalFieldFault', () => {
  const FIELDS = { replace: 'true or false', name: 'text', waitMs: 'milliseconds', options: 'an object' } as const;

  it('passes fields left out and fields of the right kind', () => {
    expect(optionalFieldFault({}, FIELDS)).toBeUndefined();
    expect(optionalFieldFault({ replace: false, name: '', waitMs: 0, options: {} }, FIELDS)).toBeUndefined();
  });

  it('names the first field of the wrong kind and what it got, after the where prefix', () => {
    expect(optionalFieldFault({ replace: 'no' }, FIELDS)).toEqual({ message: 'replace must be true or false, not "no"', where: 'replace' });
    expect(optionalFieldFault({ name: 5 }, FIELDS, 'webhook.')).toEqual({ message: 'name must be text, not 5', where: 'webhook.name' });
    expect(optionalFieldFault({ waitMs: -1 }, FIELDS)?.message).toBe('waitMs must be a number of milliseconds, 0 or more, not -1');
    expect(optionalFieldFault({ waitMs: Infinity }, FIELDS)?.where).toBe('waitMs');
    expect(optionalFieldFault({ waitMs: '5' }, FIELDS)?.where).toBe('waitMs');
    expect(optionalFieldFault({ options: [] }, FIELDS)).toEqual({ message: 'options must be an object, not []', where: 'options' });
    expect(optionalFieldFault({ options: null }, FIELDS)?.where).toBe('options');
    expect(optionalFieldFault({ replace: 1, name: 2 }, FIELDS)?.where).toBe('replace');
  });
});

describe('FieldError', () => {
  it('words the error "<where>: <problem>" and carries where', () => {
    const e = new FieldError('target.url', 'must be text');
    expect(e.message).toBe('target.url: must be text');
    expect(e.where).toBe('target.url');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('requiredFault and messageNumberFault', () => {
  const isText = (v: unknown) => typeof v === 'string';
  it('name the field and what it got, or that the argument has none', () => {
    expect(requiredFault({ text: 5 }, 'text', 'the text to search for', isText)).toEqual({ message: 'text must be the text to search for, not 5', where: 'text' });
    expect(requiredFault({}, 'text', 'the text to search for', isText)).toEqual({ message: 'text must be the text to search for; the argument has no "text"', where: 'text' });
    expect(requiredFault(undefined, 'text', 'x', isText)).toEqual({ message: 'text must be x; the argument has no "text"', where: 'text' });
    expect(requiredFault(['a'], 'text', 'x', isText)).toEqual({ message: 'text must be x; the argument has no "text"', where: 'text' });
    expect(requiredFault({ text: 'ok' }, 'text', 'x', isText)).toBeUndefined();
  });
  it('a message number is a whole number, 1 or more', () => {
    const must = 'seq must be a message number (a whole number, 1 or more)';
    expect(messageNumberFault({ seq: -1 }, 'seq')).toEqual({ message: `${must}, not -1`, where: 'seq' });
    expect(messageNumberFault({ seq: 0 }, 'seq')).toEqual({ message: `${must}, not 0`, where: 'seq' });
    expect(messageNumberFault({ seq: 2.5 }, 'seq')).toEqual({ message: `${must}, not 2.5`, where: 'seq' });
    expect(messageNumberFault({ seq: 2 ** 53 }, 'seq')).toEqual({ message: `${must}, not 9007199254740992`, where: 'seq' });
    expect(messageNumberFault({ seq: 1 }, 'seq')).toBeUndefined();
    expect(messageNumberFault({ seq: Number.MAX_SAFE_INTEGER }, 'seq')).toBeUndefined();
  });
});
