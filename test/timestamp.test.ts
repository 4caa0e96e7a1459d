import { describe, expect, it } from 'vitest';
import { fromPgTimestamp, parseInstant } from '../src/events/timestamp.js';

describe('fromPgTimestamp', () => {
  it.each([
    ['2026-11-22 04:15:57.123456+00', '2026-11-22T04:15:57.123456Z'],
    ['2026-11-22 04:15:57.1+00', '2026-11-22T04:15:57.100000Z'],
    ['2026-11-22 04:15:57+00', '2026-11-22T04:15:57.000000Z'],
    ['2026-11-22 05:15:57.5+01', '2026-11-22T04:15:57.500000Z'],
    ['2026-11-21 23:45:57.000001-04:30', '2026-11-22T04:15:57.000001Z'],
  ])('turns %s into %s', (pg, iso) => {
    expect(fromPgTimestamp(pg)).toBe(iso);
  });

  it('refuses text that is not a timestamp', () => {
    expect(() => fromPgTimestamp('yesterday')).toThrow(/unexpected timestamp/);
  });
});

describe('parseInstant', () => {
  it('keeps microseconds, truncates nanoseconds and converts offsets to UTC', () => {
    expect(parseInstant('2026-11-22T06:15:57.123456789+02:00')?.iso).toBe('2026-11-22T04:15:57.123456Z');
  });

  it.each(['2026-02-30T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22', '2026-11-22T04:15:57'])(
    'refuses %s',
    (text) => {
      expect(parseInstant(text)).toBeNull();
    },
  );
});
