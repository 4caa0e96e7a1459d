/**
 * RFC 8785 (JCS) canonical JSON for values that came out of JSON.parse or GraphQL variables:
 * object keys sorted by UTF-16 code units, no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does (which is what JCS specifies). The `canonicalize` package
 * writes the same text (test/canonical-json.test.ts checks it on random values) but costs several
 * times as much CPU, and this runs for every event on the ingest path. Callers guarantee the value
 * is well-formed JSON (finite numbers, no lone surrogates, no cycles): the event rules check that.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value);
  if (ordered === UNORDERABLE) return writeCanonical(value);
  return JSON.stringify(ordered) ?? 'null';
}

const UNORDERABLE = Symbol('unorderable');

/** Array-index keys ("0", "12") are always enumerated first by JS objects, whatever the insertion order. */
const isIndexKey = (key: string) => {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
};

/**
 * The value with every object's keys in sorted order, reusing (not copying) every part that is
 * already in order. UNORDERABLE when an object has array-index keys, which JS cannot order.
 */
function inKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const child = inKeyOrder(value[i]);
      if (child === UNORDERABLE) return UNORDERABLE;
      if (child !== value[i]) (copy ??= value.slice())[i] = child;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  let changed = false;
  const children: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (isIndexKey(key)) return UNORDERABLE;
    if (i > 0 && (keys[i - 1] as string) > key) sorted = false;
    const child = inKeyOrder(record[key]);
    if (child === UNORDERABLE) return UNORDERABLE;
    if (child !== record[key]) changed = true;
    children[i] = child;
  }
  if (sorted && !changed) return value;
  const order = keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
  // A plain object, not Object.create(null): V8 keeps prototype-less objects in dictionary mode,
  // which made JSON.stringify of the copy twice as slow.
  const out: Record<string, unknown> = {};
  for (const i of order) {
    const key = keys[i] as string;
    // Assigning "__proto__" would set the prototype; JSON.parse made it an own property, so must this.
    if (key === '__proto__') Object.defineProperty(out, key, { value: children[i], enumerable: true, writable: true });
    else out[key] = children[i];
  }
  return out;
}

/** The general (slower) writer, for objects whose keys JS cannot hold in sorted order. */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(writeCanonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${writeCanonical(record[key])}`);
  }
  return `{${parts.join(',')}}`;
}
