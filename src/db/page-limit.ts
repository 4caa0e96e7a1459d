import { type SQL, sql } from 'drizzle-orm';

/**
 * A page's LIMIT written into the statement text instead of bound. PostgreSQL runs a prepared
 * statement on a generic plan (planned once) after five runs when that plan costs no more than the
 * custom ones it has been making. With `LIMIT $n` the generic plan cannot know the page is small and
 * sorts whole partitions (page 100 of 10 million events: 2.4 s), so every run was planned afresh
 * over every partition instead (0.7 ms of PostgreSQL's CPU, most of a deep page's cost). With the
 * number in the text the generic plan walks the partitions' indexes in order and runs in 0.2 ms.
 * Pages come in few sizes, so the texts stay few.
 */
export function literalLimit(limit: number): SQL {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`a page limit must be a whole number, got ${limit}`);
  return sql.raw(`LIMIT ${limit}`);
}
