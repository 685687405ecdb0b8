import { dict, dictOf, entry, isReservedKey, own, pollutedPrototypeKeys } from './dict';

describe('dict', () => {
  it('takes __proto__ and constructor as ordinary keys, never touching Object.prototype', () => {
    const d = dict<Record<string, number>>();
    entry(d, '__proto__', dict<number>).polluted = 1;
    entry(d, 'constructor', dict<number>).x = 2;
    expect(Object.keys(d)).toEqual(['__proto__', 'constructor']);
    expect(own(own(d, '__proto__'), 'polluted')).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(pollutedPrototypeKeys()).toEqual([]);
  });

  it('reads only own properties', () => {
    const plain = JSON.parse('{"a": 1}') as Record<string, number>;
    expect(own(plain, 'a')).toBe(1);
    expect(own(plain, 'constructor')).toBeUndefined();
    expect(own(plain, 'toString')).toBeUndefined();
    const copy = dictOf(JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(own(copy, '__proto__')).toEqual({ x: 1 });
  });

  it('knows every name of Object.prototype, and prototype, as reserved', () => {
    for (const k of [
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ])
      expect([k, isReservedKey(k)]).toEqual([k, true]);
    for (const k of ['I.1', 'y2024', 'proto', 'Constructor']) expect(isReservedKey(k)).toBe(false);
  });

  it('reports what was added to Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.polluted = true;
      expect(pollutedPrototypeKeys()).toEqual(['polluted', 'polluted']);
    } finally {
      delete proto.polluted;
    }
    expect(pollutedPrototypeKeys()).toEqual([]);
  });
});
