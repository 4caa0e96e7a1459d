import http from 'node:http';
import autocannon from 'autocannon';
import { type LatencySummary, summarize } from './stats.js';

export interface Saturation {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Answers that were not HTTP 200 with data and no GraphQL errors. */
  badAnswers: number;
  connections: number;
  seconds: number;
}

/** autocannon: `connections` keep-alive connections, each sending the next request as soon as one answers. */
export async function saturate(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<Saturation> {
  let badAnswers = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        body,
        onResponse: (status, answer) => {
          // Both servers put "errors" first or alongside "data"; the bench's data never holds that key.
          if (status !== 200 || answer.includes('"errors":')) badAnswers++;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    badAnswers,
    connections,
    seconds,
  };
}

/**
 * One client, one request at a time, for `seconds` (at least `minRequests`) after `warmUpSeconds`
 * of the same requests unmeasured: exact latency percentiles (ms) of the measured ones.
 *
 * node:http over one keep-alive socket rather than fetch: fetch's Request and AbortController per
 * request outlive young-generation collections on Node 20, and the client's own GC pauses put
 * 5-10 ms into the server's p99 (scratch, 2026-11-30: the gateway's timeline p99 19-23 ms through
 * fetch, 12-16 ms through node:http).
 */
export async function lightLoad(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  { warmUpSeconds = 0, minRequests = 20 }: { warmUpSeconds?: number; minRequests?: number } = {},
): Promise<LatencySummary & { failed: number }> {
  const target = new URL(url);
  const payload = Buffer.from(body);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const options: http.RequestOptions = {
    agent,
    host: target.hostname,
    port: target.port,
    path: `${target.pathname}${target.search}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
  };
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(options, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  try {
    const warmUpEnd = performance.now() + warmUpSeconds * 1000;
    while (performance.now() < warmUpEnd) await once();
    const latencies: number[] = [];
    let failed = 0;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end || latencies.length < minRequests) {
      const t0 = performance.now();
      const status = await once();
      latencies.push(performance.now() - t0);
      if (status !== 200) failed++;
    }
    return { ...summarize(latencies), failed };
  } finally {
    agent.destroy();
  }
}
