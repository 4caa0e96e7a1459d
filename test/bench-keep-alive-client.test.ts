import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeepAliveClient } from '../bench/lib/keep-alive-client.js';

// The bench's 1-client load reads answers by their content-length into one reused buffer; a
// miscounted body would end requests early or hang them, and the latencies would be wrong.
describe('bench KeepAliveClient', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ body: string; authorization: string | undefined; socket: unknown }> = [];
  /** Called once a `hang` answer's first part is written (the rest never is). */
  let hanging: (() => void) | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ body, authorization: req.headers.authorization, socket: req.socket });
        const { size, status, chunked, hang } = JSON.parse(body) as {
          size: number;
          status: number;
          chunked?: boolean;
          hang?: boolean;
        };
        const answer = Buffer.alloc(size, 'x');
        if (hang) {
          res.writeHead(status, { 'content-type': 'text/plain', 'content-length': size });
          res.write(answer.subarray(0, size / 2), () => hanging?.());
          return;
        }
        if (chunked) {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.write(answer.subarray(0, size / 2));
          res.end(answer.subarray(size / 2));
          return;
        }
        res.writeHead(status, { 'content-type': 'text/plain', 'content-length': size });
        // The header alone first, then the body in pieces: the client must count across reads.
        res.flushHeaders();
        setTimeout(() => {
          res.write(answer.subarray(0, Math.floor(size / 3)));
          setTimeout(() => res.end(answer.subarray(Math.floor(size / 3))), 5);
        }, 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the request again and again on one connection and resolves once each whole body has arrived', async () => {
    seen.length = 0;
    const body = JSON.stringify({ size: 300_000, status: 200 });
    const client = await KeepAliveClient.connect(url, body, { authorization: 'Bearer t' });
    try {
      const statuses = [await client.send(), await client.send(), await client.send()];
      expect(statuses).toEqual([200, 200, 200]);
    } finally {
      client.close();
    }
    expect(seen.map((s) => s.body)).toEqual([body, body, body]);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer t', 'Bearer t', 'Bearer t']);
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('reports the status of an answer that is not 200, and an empty body', async () => {
    const client = await KeepAliveClient.connect(url, JSON.stringify({ size: 0, status: 503 }), {});
    try {
      expect(await client.send()).toBe(503);
      expect(await client.send()).toBe(503);
    } finally {
      client.close();
    }
  });

  it('refuses an answer without content-length instead of guessing where it ends', async () => {
    const client = await KeepAliveClient.connect(url, JSON.stringify({ size: 1000, status: 200, chunked: true }), {});
    try {
      await expect(client.send()).rejects.toThrow(/without content-length: HTTP\/1.1 200 OK/);
    } finally {
      client.close();
    }
  });

  it('rejects a request in flight when the server closes the connection', async () => {
    const client = await KeepAliveClient.connect(url, JSON.stringify({ size: 10_000, status: 200, hang: true }), {});
    const halfWritten = new Promise<void>((resolve) => (hanging = resolve));
    const sent = client.send();
    // Half the answer is on its way and the rest never comes: closing now is closing mid-answer.
    await halfWritten;
    server.closeAllConnections();
    await expect(sent).rejects.toThrow(/closed the connection/);
    client.close();
  });
});
