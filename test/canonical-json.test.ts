import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/events/canonical-json.js';

describe('canonicalJson', () => {
  it('writes the same RFC 8785 text as the canonicalize library for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // JSON round trip: what the gateway receives is always parsed JSON (no -0, no undefined).
        const text = JSON.stringify(value);
        const parsed: unknown = JSON.parse(text);
        expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 2_000 },
    );
  });

  it('sorts keys by UTF-16 code units and keeps number forms as ECMAScript writes them', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0.5], é: 'x', Z: null, '\u20ac': true })).toBe(
      '{"Z":null,"a":[1e+21,0.1,-0.5],"b":1,"é":"x","€":true}',
    );
  });
});

describe('canonicalJson edge cases', () => {
  it('keeps a "__proto__" key that JSON.parse made an own property', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1},"":""}') as unknown;
    expect(canonicalJson(value)).toBe('{"":"","__proto__":{"x":1},"b":1}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('orders array-index keys as strings, unlike JS objects', () => {
    const value = JSON.parse('{"b":1,"10":2,"2":3,"a":4}') as unknown;
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(canonicalJson(value)).toBe('{"10":2,"2":3,"a":4,"b":1}');
  });
});
