import autocannon from 'autocannon';
import { KeepAliveClient } from './keep-alive-client.js';
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
 * Over one keep-alive connection that reads into a reused buffer (KeepAliveClient), so that this
 * process's own collector pauses stay out of the server's p99: through fetch they put 5-10 ms into
 * it (scratch, 2026-11-30: the gateway's timeline p99 19-23 ms through fetch, 12-16 ms through
 * node:http), and node:http still left 42-45% of the requests over 10 ms overlapping one of them
 * (see KeepAliveClient).
 */
export async function lightLoad(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  { warmUpSeconds = 0, minRequests = 20 }: { warmUpSeconds?: number; minRequests?: number } = {},
): Promise<LatencySummary & { failed: number }> {
  const client = await KeepAliveClient.connect(url, body, headers);
  try {
    const warmUpEnd = performance.now() + warmUpSeconds * 1000;
    while (performance.now() < warmUpEnd) await client.send();
    const latencies: number[] = [];
    let failed = 0;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end || latencies.length < minRequests) {
      const t0 = performance.now();
      const status = await client.send();
      latencies.push(performance.now() - t0);
      if (status !== 200) failed++;
    }
    return { ...summarize(latencies), failed };
  } finally {
    client.close();
  }
}
