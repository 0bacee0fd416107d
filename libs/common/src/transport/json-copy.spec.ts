import { describe, expect, it } from '@jest/globals';
import { jsonCopy } from './json-copy';

const roundTrip = (value: unknown): unknown => {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? undefined : JSON.parse(text);
};

class Money {
  constructor(
    readonly cents: number,
    private readonly secret = 'hidden by toJSON',
  ) {}

  toJSON() {
    return { cents: this.cents };
  }
}

class Plain {
  a = 1;
  b = undefined;
}

describe('jsonCopy', () => {
  const cases: Record<string, unknown> = {
    'catalogue rows': Array.from({ length: 3 }, (_, i) => ({ sku: `S-${i}`, name: 'n', priceCents: i, stock: 1 })),
    'nested arrays and objects': { a: [1, [2, { b: [null, true, 'x'] }]], c: {} },
    'undefined, functions and symbols in objects are dropped': { a: undefined, f: () => 1, s: Symbol('s'), k: 1 },
    'undefined, functions and symbols in arrays become null': [undefined, () => 1, Symbol('s'), 2],
    'sparse arrays': [1, , 3], // eslint-disable-line no-sparse-arrays
    'non-finite numbers become null': { nan: NaN, inf: Infinity, ninf: -Infinity, arr: [NaN] },
    'dates become strings': { at: new Date('2026-12-04T10:00:00.000Z'), list: [new Date(0)] },
    'toJSON wins': { price: new Money(250) },
    'toJSON receives its key': { k: { toJSON: (key: string) => `key=${key}` }, l: [{ toJSON: (key: string) => key }] },
    'class instances lose their prototype': new Plain(),
    'boxed primitives unbox': [new String('s'), new Number(3), new Boolean(false)],
    'maps and sets become empty objects': { m: new Map([[1, 2]]), s: new Set([1]) },
    'null-prototype objects': Object.assign(Object.create(null) as object, { a: 1 }),
    'a top-level date': new Date(5),
    'a top-level string': 'text',
    'a top-level null': null,
    'array properties other than indexes are dropped': Object.assign([1, 2], { extra: 3 }),
    'integer-like keys keep JSON order': { b: 1, 2: 'two', a: 3, 1: 'one' },
  };

  it.each(Object.entries(cases))('%s: same as a JSON round trip', (_, value) => {
    expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
    expect(JSON.stringify(jsonCopy(value))).toBe(JSON.stringify(value));
  });

  it('answers undefined where JSON.stringify does', () => {
    expect(jsonCopy(undefined)).toBeUndefined();
    expect(jsonCopy(() => 1)).toBeUndefined();
  });

  it('turns -0 into 0 as JSON does', () => {
    expect(Object.is(jsonCopy(-0), 0)).toBe(true);
    expect(Object.is((jsonCopy({ z: -0 }) as { z: number }).z, 0)).toBe(true);
  });

  it('copies: nothing in the result is shared with the input', () => {
    const input = { list: [{ a: 1 }], inner: { b: 2 } };
    const output = jsonCopy(input);
    output.list[0].a = 9;
    output.inner.b = 9;
    expect(input).toEqual({ list: [{ a: 1 }], inner: { b: 2 } });
  });

  it('keeps "__proto__" an own property, as JSON.parse does, and never sets a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const output = jsonCopy(hostile);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect((output as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(output)).toEqual(['__proto__', 'a']);
    expect(output).toStrictEqual(roundTrip(hostile));
  });

  it('throws where JSON throws: BigInt and cycles', () => {
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonCopy(cyclic)).toThrow();
  });
});
