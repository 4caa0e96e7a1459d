import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStatementTimeout } from '../src/db/read-transaction.js';
import { graphql } from '../generated/graphql/index.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { ListEventIds } from './support/query-documents.js';
import { isRequestStatement } from './support/statements.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const TooDeep = graphql(`
  query TooDeep {
    auditEvents(first: 1) {
      nodes {
        parent {
          parent {
            parent {
              parent {
                parent {
                  parent {
                    parent {
                      parent {
                        parent {
                          parent {
                            parent {
                              parent {
                                eventId
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

const TooCostly = graphql(`
  query TooCostly {
    auditEvents(first: 1000) {
      nodes {
        eventId
        eventType
        eventData
        correlation {
          correlationId
          events(first: 1000) {
            nodes {
              eventId
              children {
                eventId
                eventType
              }
            }
          }
        }
      }
    }
  }
`);

// A full page with every field: 1000 × the node's cost, the most a single-level page can ask for.
const FullPage = graphql(`
  query FullPage {
    auditEvents(first: 1000) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          eventId
          eventVersion
          eventTimestamp
          eventType
          eventCategory
          eventAction
          eventOutcome
          actor {
            type
            id
            ip
          }
          resource {
            type
            id
            name
          }
          correlationId
          sequence
          parentEventId
          traceId
          spanId
          namespace
          clusterId
          eventData
          eventDataDigest
          severity
          durationMs
          errorCode
          errorMessage
          retentionDays
          isSensitive
          eventHash
          previousEventHash
          hashAlgorithm
          recordedAt
          parent {
            eventId
          }
          children {
            eventId
          }
          correlation {
            correlationId
            eventCount
            lastOutcome
          }
        }
      }
    }
  }
`);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect((await t.gql(RecordAuditEvents, { events: [makeEvent()] })).errors).toBeUndefined();
});
afterAll(() => t?.close());

describe('an operation past a limit', () => {
  it('nested deeper than the limit is refused with QUERY_TOO_DEEP before running', async () => {
    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((s) => {
      if (isRequestStatement(s)) statements.push(s);
    });
    const result = await t.gql(TooDeep, {});
    stop();
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', maxDepth: 12 });
    expect(result.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/);
    expect(statements).toEqual([]);
  });

  it('estimated costlier than the limit is refused with QUERY_TOO_COSTLY', async () => {
    const result = await t.gql(TooCostly, {});
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 250000 });
  });

  it('a full page of 1000 selecting every field and relation is within the cost limit', async () => {
    const result = await t.gql(FullPage, {});
    expect(result.errors).toBeUndefined();
    expect(result.data?.auditEvents.totalCount).toBe(1);
  });

  it('within the limits runs', async () => {
    const result = await t.gql(ListEventIds, { first: 1000 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.auditEvents.nodes).toHaveLength(1);
  });
});

describe('a statement that runs past the statement timeout', () => {
  let slowApp: TestApp;
  beforeAll(async () => {
    slowApp = await createTestApp({ QUERY_TIMEOUT: '1s' });
  });
  afterAll(() => slowApp?.close());

  it('is cancelled by a PostgreSQL server and reported as QUERY_TIMEOUT', async () => {
    const { db } = slowApp.app.deps;
    const slow = withStatementTimeout(db, 1000, (runner) => runner.execute(sql`SELECT pg_sleep(2)`));
    const error = await slow.then(
      () => null,
      (e: unknown) => e,
    );
    if (db.engine === 'postgres') {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'QUERY_TIMEOUT', timeoutMs: 1000 });
    } else {
      // PGlite accepts statement_timeout but cannot enforce it: the WebAssembly build runs in the
      // caller's thread with no timer interrupt (checked: a 7 s query under a 200 ms timeout
      // completes). The embedded engine relies on the other guard rails; this pins that behaviour
      // so a PGlite release that starts enforcing it shows up here.
      expect(error).toBeNull();
    }
  });

  it('is a setting of every gateway connection, which stays usable after a cancellation', async () => {
    const { db } = slowApp.app.deps;
    await withStatementTimeout(db, 1000, (runner) => runner.execute(sql`SELECT pg_sleep(2)`)).catch(() => null);
    const rows = await Promise.all(
      Array.from({ length: 4 }, () =>
        withStatementTimeout(db, 1000, async (runner) => {
          const result: unknown = await runner.execute(sql`SELECT current_setting('statement_timeout') AS timeout`);
          return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0];
        }),
      ),
    );
    const expected = db.engine === 'postgres' ? '1s' : '0';
    expect(rows).toEqual(Array.from({ length: 4 }, () => ({ timeout: expected })));
  });
});
