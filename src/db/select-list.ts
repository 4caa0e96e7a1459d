import { type SQL, sql } from 'drizzle-orm';

export interface SelectList<Column extends string> {
  /** Every column. */
  all: SQL;
  /** Some columns (the key columns always), in one fixed order so that equal sets give one statement text; null or absent selects all. */
  of(columns: ReadonlySet<Column> | null | undefined): SQL;
}

/** The select list of a read query, from how it selects each column (`expression AS "name"`). */
export function selectList<Column extends string>(
  columnSql: Readonly<Record<Column, string>>,
  keyColumns: readonly NoInfer<Column>[],
): SelectList<Column> {
  const ordered = Object.keys(columnSql) as Column[];
  const all = sql.raw(ordered.map((c) => columnSql[c]).join(', '));
  return {
    all,
    of(columns) {
      if (!columns) return all;
      return sql.raw(
        ordered
          .filter((c) => columns.has(c) || keyColumns.includes(c))
          .map((c) => columnSql[c])
          .join(', '),
      );
    },
  };
}
