import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { ValidEvent } from './rules.js';

export type HashAlgorithm = 'sha256' | 'hmac-sha256';

/** What the chain hashes: every stored field in a fixed order, with the payload as its digest. */
export type ChainedContent = Omit<ValidEvent, 'eventId' | 'eventData' | 'eventDataJson'> & {
  eventId: string;
  eventDataDigest: string;
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * SHA-256 of the RFC 8785 canonical JSON of the payload. The chain covers this digest instead of
 * the payload itself, so a payload can later be redacted (GDPR erasure) without breaking it.
 */
export function eventDataDigest(eventData: unknown, canonical = canonicalJson(eventData)): string {
  return sha256(canonical);
}

/**
 * The canonical text of an event without its place in the chain. Two events with the same id are
 * the same event exactly when these texts are equal.
 */
export function canonicalContent(e: ChainedContent): string {
  return JSON.stringify([
    'audit-event/1',
    e.eventId,
    e.eventVersion,
    e.eventTimestamp,
    e.eventType,
    e.eventCategory,
    e.eventAction,
    e.eventOutcome,
    e.actorType,
    e.actorId,
    e.actorIp,
    e.resourceType,
    e.resourceId,
    e.resourceName,
    e.correlationId,
    e.parentEventId,
    e.traceId,
    e.spanId,
    e.namespace,
    e.clusterId,
    e.eventDataDigest,
    e.severity,
    e.durationMs,
    e.errorCode,
    e.errorMessage,
    e.retentionDays,
    e.isSensitive,
  ]);
}

export interface ChainLink {
  sequence: number;
  previousHash: string | null;
  hash: string;
}

export class HashChain {
  readonly algorithm: HashAlgorithm;

  constructor(private readonly key: string | undefined) {
    this.algorithm = key ? 'hmac-sha256' : 'sha256';
  }

  /** hash = H(previous hash ‖ sequence ‖ canonical content); the chain follows the sequence. */
  link(previousHash: string | null, sequence: number, content: string): string {
    const message = `${previousHash ?? ''}\n${sequence}\n${content}`;
    return this.key ? createHmac('sha256', this.key).update(message).digest('hex') : sha256(message);
  }
}
