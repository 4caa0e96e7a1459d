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

/** One client, one request at a time, for `seconds` (at least `minRequests`): exact latency percentiles (ms). */
export async function lightLoad(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  minRequests = 20,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end || latencies.length < minRequests) {
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
  }
  return summarize(latencies);
}
