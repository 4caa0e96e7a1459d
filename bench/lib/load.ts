import { randomBytes } from 'node:crypto';
import { sleep } from './stats.js';

/** A JSON body with placeholders where fresh event ids go, so every request stores new events. */
export const ID_PLACEHOLDER = '@@EVENT_ID@@';

export class Template {
  private readonly parts: string[];
  constructor(
    body: string,
    /** Events per request. */
    readonly events: number,
  ) {
    this.parts = body.split(ID_PLACEHOLDER);
  }

  fill(nextId: () => string): string {
    const parts = this.parts;
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i++) out += nextId() + (parts[i] as string);
    return out;
  }
}

const processTag = randomBytes(3).toString('hex');
let counter = 0;

/** A fresh UUIDv7-shaped id: the current ms, this process's random tag, then a counter. */
export function freshId(): string {
  const t = Date.now().toString(16).padStart(12, '0');
  const c = (++counter).toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${processTag.slice(0, 3)}-8${processTag.slice(3, 6)}-${c}`;
}

export interface LoopResult {
  /** Events acknowledged inside the measured window, per second. */
  eventsPerSecond: number;
  requestsPerSecond: number;
  events: number;
  requests: number;
  errors: number;
  firstError: string | undefined;
  /** Request latencies inside the window, ms. */
  latencies: number[];
  seconds: number;
}

/**
 * A closed loop: `clients` workers each send a request, wait for its answer, and send the next.
 * Only requests that complete inside [warmup, warmup + duration] count.
 */
export async function closedLoop(options: {
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** Sends one request for worker `client`; resolves to the events it stored (throws on failure). */
  send(client: number): Promise<number>;
}): Promise<LoopResult> {
  const start = performance.now();
  const from = start + options.warmupMs;
  const to = from + options.durationMs;
  let events = 0;
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const worker = async (client: number) => {
    while (performance.now() < to) {
      const sent = performance.now();
      try {
        const stored = await options.send(client);
        const done = performance.now();
        if (done >= from && done <= to) {
          events += stored;
          requests++;
          latencies.push(done - sent);
        }
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => worker(i)));
  const seconds = options.durationMs / 1000;
  return {
    eventsPerSecond: events / seconds,
    requestsPerSecond: requests / seconds,
    events,
    requests,
    errors,
    firstError,
    latencies,
    seconds,
  };
}

export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = (await postJson(url, JSON.stringify({ query, variables }))) as GraphqlResponse<T>;
  if (response.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(response.errors).slice(0, 400)}`);
  if (!response.data) throw new Error('GraphQL answer without data');
  return response.data;
}
