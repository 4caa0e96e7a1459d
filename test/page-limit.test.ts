import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { headPageSql, timelineSql } from '../src/db/correlation-queries.js';
import { eventPageSql } from '../src/db/event-queries.js';
import { literalLimit } from '../src/db/page-limit.js';
import { EMPTY_FILTER } from '../src/resolvers/event-filter.js';

/*
 * Why the LIMIT is in the text: measured with psql on the 10 million event bench database, eight
 * runs of the page-100 statement prepared each way. With `LIMIT $3` PostgreSQL made a custom plan
 * every time (8 of 8; 0.65-0.70 ms per run, nearly all of it planning over 15 partitions); with
 * `LIMIT 51` it switched to its cached generic plan after five (0.09-0.12 ms per run). The plans'
 * effect needs millions of rows to show, so this checks the statement texts that produce it.
 */
const text = (query: Parameters<PgDialect['sqlToQuery']>[0]) => new PgDialect().sqlToQuery(query);
const cursor = { timestamp: '2026-11-30T05:16:27.314000Z', eventId: '01a22ae2-0d4f-7269-807b-233267b6144d' };

describe('page limits', () => {
  it('are written into the text of pages without payload filters, so their cached plan is used', () => {
    const deep = text(eventPageSql({ filter: EMPTY_FILTER, ascending: false, from: cursor, to: null, limit: 51 }));
    expect(deep.sql).toMatch(/LIMIT 51$/);
    expect(deep.params).toEqual([cursor.timestamp, cursor.eventId]);
    const timeline = text(timelineSql({ correlationId: 'rr-1', ascending: true, from: null, to: null, limit: 101 }));
    expect(timeline.sql).toMatch(/LIMIT 101$/);
    expect(timeline.params).toEqual(['rr-1']);
    const heads = headPageSql({
      filter: { since: null, until: null, category: null, outcome: null, lastOutcome: null },
      ascending: false,
      from: null,
      to: null,
      limit: 51,
    });
    expect(text(heads).sql).toMatch(/LIMIT 51$/);
  });

  it('stay bound for pages with a payload filter, which want a plan made for their values', () => {
    const filter = { ...EMPTY_FILTER, dataContains: { payload: { priority: 'P1' } }, since: cursor.timestamp };
    const page = text(eventPageSql({ filter, ascending: false, from: null, to: null, limit: 51 }));
    expect(page.sql).toMatch(/LIMIT \$\d+$/);
    expect(page.params.at(-1)).toBe(51);
  });

  it('must be whole numbers', () => {
    expect(() => literalLimit(1.5)).toThrow(/whole number/);
    expect(() => literalLimit(-1)).toThrow(/whole number/);
    expect(() => literalLimit(Number.NaN)).toThrow(/whole number/);
  });
});
