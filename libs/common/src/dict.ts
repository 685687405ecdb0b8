/**
 * Objects holding data keyed by what people typed or defined (form codes, row and column keys):
 * without a prototype, so a key such as `__proto__` or `constructor` is an ordinary key and can
 * never reach `Object.prototype` (prototype pollution) or read an inherited member.
 */
export type Dict<T> = Record<string, T>;

/** An empty dictionary without a prototype. */
export const dict = <T>(): Dict<T> => Object.create(null) as Dict<T>;

/** A dictionary without a prototype holding the own enumerable entries of `source`. */
export function dictOf<T>(
  source: Record<string, T> | Iterable<[string, T]> | null | undefined,
): Dict<T> {
  const out = dict<T>();
  if (!source) return out;
  const entries =
    Symbol.iterator in (source as object)
      ? (source as Iterable<[string, T]>)
      : Object.entries(source as Record<string, T>);
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `obj[key]` only when it is the object's own property (never an inherited one). */
export const own = <T>(obj: Record<string, T> | null | undefined, key: string): T | undefined =>
  obj != null && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;

/** The entry of `obj` at `key`, created with `make` when absent; safe for any key. */
export function entry<T>(obj: Dict<T>, key: string, make: () => T): T {
  const found = own(obj, key);
  if (found !== undefined) return found;
  const made = make();
  Object.defineProperty(obj, key, {
    value: made,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return made;
}

/** Names that must never be keys of definitions: every member of `Object.prototype` and `prototype`. */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export const isReservedKey = (key: string): boolean => RESERVED_KEYS.has(key);

/**
 * Names someone added to `Object.prototype` or `Array.prototype` (prototype pollution): every
 * object of the process inherits them, and libraries that walk objects (the ORM) break.
 */
export function pollutedPrototypeKeys(): string[] {
  const keys: string[] = [];
  for (const k in {}) keys.push(k);
  for (const k in []) keys.push(k);
  return keys;
}
