import { uuidv7 } from '../events/stamp.js';
import type { AuditLimits, Config } from '../config.js';
import type { Database } from '../db/client.js';
import { SqlState, sqlState } from '../db/errors.js';
import { pipelined } from '../db/pipelined.js';
import {
  advanceChainHeads,
  createChainHeads,
  type EventRecord,
  findExistingEventIds,
  findStoredEvents,
  type HeadAdvance,
  insertEvents,
  lockChainHeads,
  notifyChainHeads,
  setWriteTimeout,
  type StoredEventRow,
} from '../db/ingest-queries.js';
import { type Partitions, utcMonthStart } from '../db/partitions.js';
import { codedError, ErrorCode, eventIdConflictError, invalidEventsError } from '../errors.js';
import { EventLoopSlices } from '../event-loop-slices.js';
import { type ChainedContent, canonicalContent, eventDataDigest, HashChain } from '../events/chain.js';
import { canonicalIp } from '../events/ip.js';
import { type EventProblem, eventInputSchema, type ValidEvent, validateEventsInSlices } from '../events/rules.js';
import { fromPgTimestamp } from '../events/timestamp.js';

export interface IngestDeps {
  db: Database;
  partitions: Partitions;
  chain: HashChain;
  limits: AuditLimits;
  eventSchema: ReturnType<typeof eventInputSchema>;
  /** The longest a batch's validation and hashing run before other requests get a turn. */
  cpuSliceMs: number;
}

/** The write path's dependencies, for the gateway's thread or the read audit's worker thread. */
export function createIngestDeps(config: Config, db: Database, partitions: Partitions, cpuSliceMs: number): IngestDeps {
  return {
    db,
    partitions,
    chain: new HashChain(config.hashKey),
    limits: config.limits,
    eventSchema: eventInputSchema(config.limits),
    cpuSliceMs,
  };
}

export type RecordStatus = 'RECORDED' | 'DUPLICATE';

export interface RecordedEvent {
  eventId: string;
  eventTimestamp: string;
  correlationId: string;
  sequence: number;
  status: RecordStatus;
}

export interface RecordResult {
  events: RecordedEvent[];
  recordedCount: number;
  duplicateCount: number;
  /** The last sequence of every correlation this batch advanced. */
  heads: Array<[string, number]>;
}

/** A valid event with its id and payload digest settled: what the chain hashes. */
type PreparedEvent = ValidEvent & ChainedContent;

interface Prepared {
  event: PreparedEvent;
  canonical: string;
  /** Index of an identical earlier event of the same batch. */
  sameAs: number | null;
}

/**
 * Stores a batch atomically: validates everything first, then, in one transaction, assigns each
 * new event the next sequence of its correlation and links it into that correlation's hash chain.
 * Events already stored with the same content are reported as duplicates, never stored twice.
 */
export async function recordEvents(
  deps: IngestDeps,
  inputs: readonly unknown[],
  /** The caller's rate-limit charge, made for a batch within the size limit before anything is written. */
  charge: () => Promise<void> = async () => {},
): Promise<RecordResult> {
  if (inputs.length > deps.limits.maxBatchSize) {
    throw codedError(
      ErrorCode.BatchTooLarge,
      `a batch holds at most ${deps.limits.maxBatchSize} events, got ${inputs.length}; nothing was written`,
      { maxBatchSize: deps.limits.maxBatchSize, batchSize: inputs.length },
    );
  }
  // The charge (a round trip and a commit of its own) runs while the batch is validated.
  const charged = charge();
  // Awaited below, after validation, which gives the event loop turns: a refusal meanwhile is not unhandled.
  charged.catch(() => {});
  let prepared: Prepared[];
  try {
    const slices = new EventLoopSlices(deps.cpuSliceMs);
    const validated = await validateEventsInSlices(inputs, deps.eventSchema, slices);
    if (!validated.ok) throw invalidEventsError(validated.problems);
    prepared = await prepareBatch(validated.events, slices);
  } finally {
    // A refused charge is the answer even for an invalid batch: awaiting it here throws it instead.
    await charged;
  }
  if (prepared.length === 0) return { events: [], recordedCount: 0, duplicateCount: 0, heads: [] };
  try {
    await checkParents(deps, prepared);
    const timestamps = prepared.map((p) => p.event.eventTimestamp);
    await deps.partitions.ensureFor(timestamps);
    const result = await storeBatch(deps, prepared);
    deps.partitions.noteWritten(timestamps);
    return result;
  } catch (error) {
    return translateRaceErrors(error);
  }
}

/**
 * The batch's transaction in four round trips: BEGIN; the reads (heads created and locked, events
 * already stored); the writes (events, heads, notification); COMMIT. Statements started together
 * go out back to back and run in the order given (see pipelined). Under load every round trip
 * waits for a turn of a busy event loop, so fewer of them is what keeps a batch's latency low.
 */
function storeBatch(deps: IngestDeps, prepared: Prepared[]): Promise<RecordResult> {
  return deps.db.orm.transaction(async (tx) => {
    const correlationIds = [...new Set(prepared.map((p) => p.event.correlationId))].sort();
    // Pipelined (see the note above storeBatch): the heads exist before they are locked.
    const [, , heads, stored] = await pipelined([
      () => setWriteTimeout(tx, deps.limits.writeTimeoutMs),
      () => createChainHeads(tx, correlationIds),
      () => lockChainHeads(tx, correlationIds),
      () => findStored(tx, prepared),
    ]);

    // In one piece, unlike validation: a yield here would hold the heads' locks through a turn of a
    // busy event loop (bench/README.md, "The read audit in smaller slices").
    const results: RecordedEvent[] = [];
    const records: EventRecord[] = [];
    const conflicts: EventProblem[] = [];
    prepared.forEach((p, index) => {
      const { event } = p;
      const previous = p.sameAs === null ? stored.get(event.eventId) : undefined;
      if (p.sameAs !== null || previous) {
        const original = p.sameAs !== null ? results[p.sameAs] : undefined;
        if (previous && canonicalContent(storedContent(previous)) !== p.canonical) {
          conflicts.push(conflictProblem(index));
          return;
        }
        results.push({
          eventId: event.eventId,
          eventTimestamp: event.eventTimestamp,
          correlationId: event.correlationId,
          sequence: previous?.sequence ?? original?.sequence ?? 0,
          status: 'DUPLICATE',
        });
        return;
      }
      const head = heads.get(event.correlationId) as { lastSequence: number; lastHash: string | null };
      const sequence = head.lastSequence + 1;
      const hash = deps.chain.link(head.lastHash, sequence, p.canonical);
      records.push(toRecord(p, sequence, head.lastHash, hash, deps.chain.algorithm));
      head.lastSequence = sequence;
      head.lastHash = hash;
      results.push({
        eventId: event.eventId,
        eventTimestamp: event.eventTimestamp,
        correlationId: event.correlationId,
        sequence,
        status: 'RECORDED',
      });
    });
    if (conflicts.length > 0) throw eventIdConflictError(conflicts);

    const advances = headAdvances(records);
    if (records.length > 0) {
      await pipelined([
        () => insertEvents(tx, records),
        () => advanceChainHeads(tx, advances),
        () =>
          notifyChainHeads(
            tx,
            advances.map((a) => [a.correlation_id, a.last_sequence]),
          ),
      ]);
    }
    return {
      events: results,
      recordedCount: records.length,
      duplicateCount: results.length - records.length,
      heads: advances.map((a) => [a.correlation_id, a.last_sequence]),
    };
  });
}

/**
 * Races with other writers that the locks cannot rule out, and statements that waited past their
 * timeout behind them, turned into coded errors. Every database step of a write goes through it.
 */
export function translateRaceErrors(error: unknown): never {
  const state = sqlState(error);
  if (state === SqlState.UniqueViolation) {
    throw codedError(
      ErrorCode.EventIdConflict,
      'a concurrent batch stored an event with the same id and timestamp; nothing was written',
    );
  }
  if (
    state === SqlState.DeadlockDetected ||
    state === SqlState.SerializationFailure ||
    state === SqlState.QueryCanceled
  ) {
    throw codedError(
      ErrorCode.Retryable,
      'the batch conflicted with a concurrent batch; nothing was written, retry it',
    );
  }
  throw error;
}

const conflictProblem = (index: number): EventProblem => ({
  index,
  field: 'eventId',
  message: 'an event with this id and timestamp is already stored with different content',
});

/** Assigns ids, computes canonical content, and pairs repeats of an id within the batch. */
async function prepareBatch(events: ValidEvent[], slices: EventLoopSlices): Promise<Prepared[]> {
  const firstById = new Map<string, number>();
  const conflicts: EventProblem[] = [];
  const prepared: Prepared[] = [];
  for (const [index, valid] of events.entries()) {
    if (index > 0 && slices.due()) await slices.yield();
    const event = valid as PreparedEvent;
    event.eventId = valid.eventId ?? uuidv7(Date.now());
    event.eventDataDigest = eventDataDigest(valid.eventData, valid.eventDataJson);
    const canonical = canonicalContent(event);
    const first = firstById.get(event.eventId);
    if (first === undefined) firstById.set(event.eventId, index);
    else if (prepared[first]?.canonical !== canonical) {
      conflicts.push({ index, field: 'eventId', message: `repeats the id of event ${first} with different content` });
    }
    prepared.push({ event, canonical, sameAs: first ?? null });
  }
  if (conflicts.length > 0) throw eventIdConflictError(conflicts);
  return prepared;
}

function storedContent(row: StoredEventRow): ChainedContent {
  const { sequence: _sequence, ...fields } = row;
  return {
    ...fields,
    eventTimestamp: fromPgTimestamp(row.eventTimestamp),
    actorIp: row.actorIp === null ? null : canonicalIp(row.actorIp),
    eventDataDigest: row.eventDataDigest.trim(),
  };
}

/** A parent must be stored already or come earlier in the same batch. */
async function checkParents(deps: IngestDeps, prepared: Prepared[]): Promise<void> {
  const positions = new Map<string, number>();
  prepared.forEach((p, index) => {
    if (!positions.has(p.event.eventId)) positions.set(p.event.eventId, index);
  });
  const outside = new Set<string>();
  for (const p of prepared) {
    const parent = p.event.parentEventId;
    if (parent && !positions.has(parent)) outside.add(parent);
  }
  const stored = await findExistingEventIds(deps.db.orm, [...outside]);
  const problems: EventProblem[] = [];
  prepared.forEach((p, index) => {
    const parent = p.event.parentEventId;
    if (!parent) return;
    const position = positions.get(parent);
    if (position !== undefined && position < index) return;
    if (position !== undefined) {
      problems.push({
        index,
        field: 'parentEventId',
        message: `names event ${position}, which does not come earlier in the batch`,
      });
    } else if (!stored.has(parent)) {
      problems.push({
        index,
        field: 'parentEventId',
        message: 'names no stored event and no earlier event of this batch',
      });
    }
  });
  if (problems.length > 0) throw invalidEventsError(problems);
}

async function findStored(tx: Parameters<typeof findStoredEvents>[0], prepared: Prepared[]) {
  let first = prepared[0]?.event.eventTimestamp as string;
  let last = first;
  for (const { event } of prepared) {
    if (event.eventTimestamp < first) first = event.eventTimestamp;
    if (event.eventTimestamp > last) last = event.eventTimestamp;
  }
  const found = await findStoredEvents(
    tx,
    prepared.map((p) => p.event.eventId),
    utcMonthStart(first),
    utcMonthStart(last, 1),
  );
  return new Map(found.map((row) => [row.eventId, row]));
}

function toRecord(
  p: Prepared,
  sequence: number,
  previousHash: string | null,
  hash: string,
  algorithm: string,
): EventRecord {
  const e = p.event;
  return {
    event_id: e.eventId,
    event_timestamp: e.eventTimestamp,
    event_version: e.eventVersion,
    event_type: e.eventType,
    event_category: e.eventCategory,
    event_action: e.eventAction,
    event_outcome: e.eventOutcome,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_ip: e.actorIp,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    resource_name: e.resourceName,
    correlation_id: e.correlationId,
    parent_event_id: e.parentEventId,
    trace_id: e.traceId,
    span_id: e.spanId,
    namespace: e.namespace,
    cluster_id: e.clusterId,
    event_data_json: e.eventDataJson,
    event_data_digest: e.eventDataDigest,
    severity: e.severity,
    duration_ms: e.durationMs,
    error_code: e.errorCode,
    error_message: e.errorMessage,
    retention_days: e.retentionDays,
    is_sensitive: e.isSensitive,
    sequence,
    previous_event_hash: previousHash,
    event_hash: hash,
    hash_algorithm: algorithm,
  };
}

function headAdvances(records: EventRecord[]): HeadAdvance[] {
  const byCorrelation = new Map<string, HeadAdvance>();
  for (const r of records) {
    let a = byCorrelation.get(r.correlation_id);
    if (!a) {
      a = {
        correlation_id: r.correlation_id,
        last_sequence: 0,
        last_hash: '',
        added: 0,
        success: 0,
        failure: 0,
        pending: 0,
        first_event_at: r.event_timestamp,
        last_event_at: r.event_timestamp,
        last_outcome: r.event_outcome,
        categories: [],
      };
      byCorrelation.set(r.correlation_id, a);
    }
    a.last_sequence = r.sequence;
    a.last_hash = r.event_hash;
    a.last_outcome = r.event_outcome;
    if (!a.categories.includes(r.event_category)) a.categories.push(r.event_category);
    a.added++;
    a[r.event_outcome as 'success' | 'failure' | 'pending']++;
    if (r.event_timestamp < a.first_event_at) a.first_event_at = r.event_timestamp;
    if (r.event_timestamp > a.last_event_at) a.last_event_at = r.event_timestamp;
  }
  return [...byCorrelation.values()];
}
