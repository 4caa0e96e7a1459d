import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { findChildren, findEventsByIds } from '../db/event-queries.js';
import { withStatementTimeout } from '../db/read-transaction.js';
import { type CorrelationSummary, loadCorrelations } from './correlations.js';
import { type StoredAuditEvent, toStoredAuditEvent } from './get-event.js';
import type { ReadDeps } from './list-events.js';

/** Children listed per event: the first ones in time order. */
export const MAX_CHILDREN = 100;

export interface Loaders {
  event: DataLoader<string, StoredAuditEvent | null>;
  children: DataLoader<string, StoredAuditEvent[]>;
  correlation: DataLoader<string, CorrelationSummary | null>;
}

/** Batches every lookup of one tick into one statement: a page's parents, children or summaries. */
export function createLoaders(deps: ReadDeps): Loaders {
  const read = <T>(work: Parameters<typeof withStatementTimeout<T>>[2]) =>
    withStatementTimeout(deps.db, deps.queryTimeoutMs, work);
  return {
    event: new DataLoader(async (ids) => {
      const found = await read((tx) => findEventsByIds(tx, ids));
      const byId = new Map(found.map((row) => [row.eventId, toStoredAuditEvent(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    children: new DataLoader(async (parentIds) => {
      const found = await read((tx) => findChildren(tx, parentIds, MAX_CHILDREN));
      const byParent = new Map<string, StoredAuditEvent[]>(parentIds.map((id) => [id, []]));
      for (const row of found) byParent.get(row.parentEventId ?? '')?.push(toStoredAuditEvent(row));
      return parentIds.map((id) => byParent.get(id) ?? []);
    }),
    correlation: new DataLoader((ids) => loadCorrelations(deps, ids)),
  };
}

export const readDeps = (context: Context): ReadDeps => ({
  db: context.deps.db,
  queryTimeoutMs: context.deps.config.query.timeoutMs,
});

/** One set of loaders per request (keyed by its context object), so nothing is cached across requests. */
export const loadersFor = createContextCache((context: Context) => createLoaders(readDeps(context)));
