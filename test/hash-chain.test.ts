import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalContent, eventDataDigest, HashChain } from '../src/events/chain.js';
import { canonicalIp } from '../src/events/ip.js';
import { fromPgTimestamp } from '../src/events/timestamp.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const KEY = 'a-test-key-of-sufficient-length';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ AUDIT_HASH_KEY: KEY });
});
afterAll(() => t?.close());

interface Row {
  [column: string]: unknown;
  correlation_id: string;
  sequence: number;
  event_hash: string;
  previous_event_hash: string | null;
  hash_algorithm: string;
  event_data: Record<string, unknown>;
  event_data_digest: string;
}

/** Recomputes every chain from the stored rows alone, in sequence order. */
function verifyChains(rows: Row[], chain: HashChain): string[] {
  const problems: string[] = [];
  const last = new Map<string, { sequence: number; hash: string }>();
  for (const r of rows) {
    const prev = last.get(r.correlation_id);
    const expectedSequence = (prev?.sequence ?? 0) + 1;
    if (r.sequence !== expectedSequence)
      problems.push(`${r.correlation_id}: sequence ${r.sequence}, expected ${expectedSequence}`);
    if ((r.previous_event_hash ?? null) !== (prev?.hash ?? null))
      problems.push(`${r.correlation_id}#${r.sequence}: broken link`);
    if (eventDataDigest(r.event_data) !== r.event_data_digest)
      problems.push(`${r.correlation_id}#${r.sequence}: payload digest`);
    const content = canonicalContent({
      eventId: r.event_id as string,
      eventVersion: r.event_version as string,
      eventTimestamp: fromPgTimestamp(r.ts as string),
      eventType: r.event_type as string,
      eventCategory: r.event_category as string,
      eventAction: r.event_action as string,
      eventOutcome: r.event_outcome as 'success',
      actorType: r.actor_type as string,
      actorId: r.actor_id as string,
      actorIp: r.ip === null ? null : canonicalIp(r.ip as string),
      resourceType: r.resource_type as string,
      resourceId: r.resource_id as string,
      resourceName: r.resource_name as string | null,
      correlationId: r.correlation_id,
      parentEventId: r.parent as string | null,
      traceId: r.trace_id as string | null,
      spanId: r.span_id as string | null,
      namespace: r.namespace as string | null,
      clusterId: r.cluster_id as string | null,
      eventDataDigest: r.event_data_digest,
      severity: r.severity as string | null,
      durationMs: r.duration_ms as number | null,
      errorCode: r.error_code as string | null,
      errorMessage: r.error_message as string | null,
      retentionDays: r.retention_days as number,
      isSensitive: r.is_sensitive as boolean,
    });
    const hash = chain.link(prev?.hash ?? null, r.sequence, content);
    if (hash !== r.event_hash) problems.push(`${r.correlation_id}#${r.sequence}: hash does not recompute`);
    last.set(r.correlation_id, { sequence: r.sequence, hash: r.event_hash });
  }
  return problems;
}

const readChains = () =>
  t.query<Row>(
    `SELECT *, event_id::text AS event_id, event_timestamp::text AS ts, host(actor_ip) AS ip, parent_event_id::text AS parent,
            sequence::int AS sequence
     FROM audit_events ORDER BY correlation_id, audit_events.sequence`,
  );

describe('two concurrent batches of 500 over the same 10 correlations', () => {
  it('give every correlation the sequences 1..100 with a hash chain that recomputes', async () => {
    const correlations = Array.from({ length: 10 }, (_, i) => `rr-concurrent-${i}`);
    const batch = () =>
      Array.from({ length: 500 }, (_, i) =>
        makeEvent({
          correlationId: correlations[i % 10] as string,
          // Timestamps deliberately out of order: the chain follows the sequence, not the clock.
          eventTimestamp: new Date(Date.now() - ((i * 7919) % 600_000)).toISOString(),
          actor: { ip: i % 2 ? '::ffff:10.1.2.3' : '2001:DB8::A' },
        }),
      );
    const [a, b] = await Promise.all([
      t.gql(RecordAuditEvents, { events: batch() }),
      t.gql(RecordAuditEvents, { events: batch() }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();

    const rows = await readChains();
    expect(rows).toHaveLength(1000);
    for (const c of correlations) {
      expect(rows.filter((r) => r.correlation_id === c).map((r) => r.sequence)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
    }
    expect(rows.every((r) => r.hash_algorithm === 'hmac-sha256')).toBe(true);
    expect(verifyChains(rows, new HashChain(KEY))).toEqual([]);

    const heads = await t.query<{
      correlation_id: string;
      last_sequence: number;
      event_count: number;
      last_hash: string;
    }>(
      `SELECT correlation_id, last_sequence::int AS last_sequence, event_count::int AS event_count, last_hash
       FROM audit_chain_heads WHERE correlation_id LIKE 'rr-concurrent-%' ORDER BY correlation_id`,
    );
    expect(heads.map((h) => [h.last_sequence, h.event_count])).toEqual(correlations.map(() => [100, 100]));
    for (const h of heads) {
      expect(h.last_hash).toBe(
        rows.find((r) => r.correlation_id === h.correlation_id && r.sequence === 100)?.event_hash,
      );
    }
  });

  it('a verifier notices a changed payload, a changed field, and a wrong key', async () => {
    const rows = await readChains();
    const chain = new HashChain(KEY);
    const tampered = rows.map((r, i) => (i === 5 ? { ...r, event_data: { forged: true } } : r));
    expect(verifyChains(tampered, chain).join()).toMatch(/payload digest/);
    const edited = rows.map((r, i) => (i === 7 ? { ...r, event_action: 'forged' } : r));
    expect(verifyChains(edited, chain).join()).toMatch(/hash does not recompute/);
    expect(verifyChains(rows, new HashChain('another-key-of-sufficient-length')).length).toBeGreaterThan(0);
  });
});
