/**
 * RFC 8785 (JCS) canonical JSON for values that came out of JSON.parse or GraphQL variables:
 * object keys sorted by UTF-16 code units, no whitespace, strings and numbers serialised as
 * ECMAScript does (which is what JCS specifies). The `canonicalize` package produces the same text
 * (test/canonical-json.test.ts checks it on random values) but costs four times as much CPU, and
 * this runs for every event on the ingest path. Callers guarantee the value is well-formed JSON
 * (finite numbers, no lone surrogates, no cycles): the event rules check that first.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const child = record[key];
    if (child === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(child)}`;
    first = false;
  }
  return `${out}}`;
}
