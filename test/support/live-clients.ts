import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql } from '../../generated/graphql/index.js';

export const AuditEventRecorded = graphql(`
  subscription AuditEventRecorded($correlationId: String!, $afterSequence: Int) {
    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {
      eventId
      correlationId
      sequence
      eventType
      eventTimestamp
      eventData
    }
  }
`);

export const AuditEventRecordedWithCorrelation = graphql(`
  subscription AuditEventRecordedWithCorrelation($correlationId: String!, $afterSequence: Int) {
    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {
      sequence
      correlation {
        eventCount
      }
    }
  }
`);

export interface StreamError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** A subscription seen from the client side: what it received, and a way to wait for more. */
export interface LiveStream<T> {
  readonly items: T[];
  readonly errors: StreamError[];
  readonly completed: boolean;
  /** Keep-alives received: WebSocket pings, or SSE comment lines. */
  readonly keepAlives: number;
  /** Resolves once `done()` holds; rejects if the stream ends or fails first. */
  until(done: (items: T[]) => boolean): Promise<void>;
  /** Drops the connection without a goodbye, as a lost network would. */
  drop(): void;
}

export type Subscribe = <T, V extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
) => LiveStream<T>;

class Collector<T> implements LiveStream<T> {
  readonly items: T[] = [];
  readonly errors: StreamError[] = [];
  completed = false;
  keepAlives = 0;
  private waiters: Array<{
    done: (items: T[]) => boolean;
    resolve: () => void;
    reject: (e: Error) => void;
  }> = [];

  constructor(readonly drop: () => void) {}

  push(result: { data?: T | null; errors?: readonly StreamError[] }): void {
    if (result.errors?.length) this.errors.push(...result.errors);
    if (result.data) this.items.push(result.data);
    this.settle();
  }

  keepAlive(): void {
    this.keepAlives++;
    this.settle();
  }

  end(error?: StreamError): void {
    if (error) this.errors.push(error);
    this.completed = true;
    this.settle();
  }

  until(done: (items: T[]) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ done, resolve, reject });
      this.settle();
    });
  }

  private settle(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.done(this.items)) {
        w.resolve();
        return false;
      }
      if (this.completed) {
        w.reject(new Error(`stream ended early: ${JSON.stringify(this.errors)}`));
        return false;
      }
      return true;
    });
  }
}

const toStreamError = (error: unknown): StreamError =>
  Array.isArray(error)
    ? (error[0] as StreamError)
    : {
        message: error instanceof Error ? error.message : `connection closed: ${String(error)}`,
      };

/** A real graphql-ws client (graphql-transport-ws protocol) on its own WebSocket. */
export function wsSubscribe<T, V extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
): LiveStream<T> {
  const stream = new Collector<T>(() => void client.terminate());
  class CountingPings extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('ping', () => stream.keepAlive());
    }
  }
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: CountingPings,
    retryAttempts: 0,
    lazy: true,
  });
  client.subscribe(
    { query: print(document), variables },
    {
      next: (result) => stream.push(result as { data?: T; errors?: StreamError[] }),
      error: (error) => stream.end(toStreamError(error)),
      complete: () => {
        stream.end();
        void client.dispose();
      },
    },
  );
  return stream;
}

/** A GraphQL-over-SSE client: a streaming fetch that parses `event:`/`data:` blocks. */
export function sseSubscribe<T, V extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<T, V>,
  variables: V,
): LiveStream<T> {
  const abort = new AbortController();
  const collector = new Collector<T>(() => abort.abort());
  void (async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
        },
        body: JSON.stringify({ query: print(document), variables }),
        signal: abort.signal,
      });
      if (!response.body) throw new Error(`no event stream (HTTP ${response.status})`);
      const decoder = new TextDecoder();
      let buffer = '';
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) collector.keepAlive();
          const event = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (event === 'next' || (event === undefined && data)) collector.push(JSON.parse(data));
          else if (event === 'complete') return collector.end();
        }
      }
      collector.end();
    } catch (error) {
      collector.end(toStreamError(error));
    }
  })();
  return collector;
}

export const transports: Array<[string, Subscribe]> = [
  ['graphql-ws', wsSubscribe],
  ['SSE', sseSubscribe],
];

/** 1, 2, …, n */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
