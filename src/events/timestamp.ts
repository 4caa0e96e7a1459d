const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export interface Instant {
  /** UTC, always six fractional digits: `2026-11-22T04:15:57.123456Z`. */
  iso: string;
  /** Milliseconds since the epoch (for window checks; the microseconds live in `iso`). */
  epochMs: number;
}

/**
 * Parses an RFC 3339 time into its canonical UTC form at microsecond precision, the precision
 * PostgreSQL stores. Digits past the sixth (nanoseconds from Go clients) are truncated, the same
 * way on every retry. Returns null when the text is not a valid time.
 */
export function parseInstant(text: string): Instant | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const fraction = (m[7] ?? '').slice(0, 6).padEnd(6, '0');
  const epochSeconds = local - offsetMinutes * 60_000;
  const utc = new Date(epochSeconds);
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return null;
  return {
    iso: `${utc.toISOString().slice(0, 19)}.${fraction}Z`,
    epochMs: epochSeconds + Math.floor(Number(fraction) / 1000),
  };
}

/** Wall-clock milliseconds with a microsecond fraction. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/** A canonical instant for epoch milliseconds, keeping up to three fractional (microsecond) digits. */
export function instantFromEpochMs(ms: number): Instant {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  return { iso: `${new Date(whole).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`, epochMs: whole };
}

/** PostgreSQL's text form of a timestamptz in a UTC session: `2026-11-22 04:15:57.1234+00`. */
const PG_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?\+00$/;

/**
 * Turns PostgreSQL's text form of a timestamp into the canonical ISO form. Gateway connections run
 * in UTC, so this is string surgery on the hot read path (a page of 50 rows holds 150 timestamps);
 * any other offset goes through the full parser.
 */
export function fromPgTimestamp(text: string): string {
  const utc = PG_UTC.exec(text);
  if (utc) return `${text.slice(0, 10)}T${text.slice(11, 19)}.${(utc[1] ?? '').padEnd(6, '0')}Z`;
  const instant = parseInstant(/[+-]\d{2}$/.test(text) ? `${text}:00` : text);
  if (!instant) throw new Error(`unexpected timestamp from the database: ${text}`);
  return instant.iso;
}
