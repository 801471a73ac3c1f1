// The one format in which values cross between the host and a logic script's realm: JSON,
// with tags for what JSON cannot say (undefined, NaN, dates, functions). Both sides run this
// same code: the host imports it, and the realm gets its source (toString) before the script
// runs, so it captures the realm's intrinsics while they are still the language's own.
// It must therefore refer to nothing outside itself.

/** A value on the wire: a JSON primitive, or an object whose one key says what it holds. */
export type WireValue = string | number | boolean | null | { u: 1 } | { n: string } | { d: string | null } | { f: 1 } | { x: string } | { a: WireValue[] } | { o: Record<string, WireValue> };

export interface WireCodec {
  encode(value: unknown): WireValue;
  /** Plain data again; objects and arrays frozen when `isFrozen` (what a script receives). */
  decode(wire: unknown, isFrozen: boolean): unknown;
}

/** `depthLimit`: how deep a value may nest before the rest is cut off (cycles end there too). */
export function wireCodec(depthLimit: number): WireCodec {
  'use strict';
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const keys = Object.keys;
  // Not Object.hasOwn: the app still runs on browsers older than it (Chrome 91, Safari 15).
  const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty) as (target: object, key: string) => boolean;
  const isArray = Array.isArray;
  const isFinite = Number.isFinite;
  const RealDate = Date;
  const dateTime = Function.prototype.call.bind(Date.prototype.getTime) as (date: Date) => number;
  const dateIso = Function.prototype.call.bind(Date.prototype.toISOString) as (date: Date) => string;
  const put = (target: object, key: string | number, value: unknown) => {
    defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  };

  function encode(value: unknown, depth: number): WireValue {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return isFinite(value) ? value : { n: String(value) };
    if (value === undefined) return { u: 1 };
    if (typeof value === 'function') return { f: 1 };
    if (typeof value !== 'object') return { x: typeof value };
    if (depth >= depthLimit) return { x: 'too deep' };
    if (value instanceof RealDate) return { d: isFinite(dateTime(value)) ? dateIso(value) : null };
    if (isArray(value)) {
      const items: WireValue[] = [];
      for (let i = 0; i < value.length; i++) put(items, i, encode(value[i], depth + 1));
      return { a: items };
    }
    const fields: Record<string, WireValue> = {};
    const names = keys(value);
    for (let i = 0; i < names.length; i++) put(fields, names[i]!, encode((value as Record<string, unknown>)[names[i]!], depth + 1));
    return { o: fields };
  }

  function decode(wire: unknown, isFrozen: boolean, depth: number): unknown {
    if (wire === null || typeof wire !== 'object') return typeof wire === 'number' || typeof wire === 'string' || typeof wire === 'boolean' ? wire : null;
    if (depth >= depthLimit) return null;
    const tagged = wire as Record<string, unknown>;
    if (hasOwn(tagged, 'a') && isArray(tagged.a)) {
      const items: unknown[] = [];
      for (let i = 0; i < tagged.a.length; i++) put(items, i, decode(tagged.a[i], isFrozen, depth + 1));
      return isFrozen ? freeze(items) : items;
    }
    if (hasOwn(tagged, 'o') && tagged.o !== null && typeof tagged.o === 'object') {
      const source = tagged.o as Record<string, unknown>;
      const fields: Record<string, unknown> = {};
      const names = keys(source);
      for (let i = 0; i < names.length; i++) put(fields, names[i]!, decode(source[names[i]!], isFrozen, depth + 1));
      return isFrozen ? freeze(fields) : fields;
    }
    if (hasOwn(tagged, 'n')) return Number(tagged.n);
    if (hasOwn(tagged, 'd')) return typeof tagged.d === 'string' ? new RealDate(tagged.d) : new RealDate(NaN);
    if (hasOwn(tagged, 'f'))
      return function opaqueFunction() {
        return undefined;
      };
    if (hasOwn(tagged, 'x')) return freeze({ unsupported: String(tagged.x) });
    return undefined;
  }

  return { encode: (value) => encode(value, 0), decode: (wire, isFrozen) => decode(wire, isFrozen, 0) };
}
