import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { SharedPayloads } from '../src/live/shared-payloads.js';

/** A socket that records what it sends. */
function recordingSocket(): { socket: WebSocket; sent: string[] } {
  const sent: string[] = [];
  const socket = {
    send: (data: string, callback?: (error?: Error) => void) => {
      sent.push(data);
      callback?.();
    },
  } as unknown as WebSocket;
  return { socket, sent };
}

describe('a result shared by several graphql-ws subscribers', () => {
  it('is serialised once, and each socket sends exactly the message graphql-ws would have sent', () => {
    const payloads = new SharedPayloads();
    const peers = [recordingSocket(), recordingSocket(), recordingSocket()];
    for (const { socket } of peers) payloads.expandOn(socket);
    const data = { auditEventRecorded: { sequence: 7, eventData: { note: 'a "quoted" }}} value' } } };

    const stringify = vi.spyOn(JSON, 'stringify');
    peers.forEach(({ socket }, i) => {
      const payload = payloads.placeholder(socket, { data });
      socket.send(JSON.stringify({ id: `sub-}}}-${i}`, type: 'next', payload }));
    });
    const serialisationsOfData = stringify.mock.calls.filter(
      ([value]) => typeof value === 'object' && value !== null && (value as { data?: unknown }).data === data,
    ).length;
    stringify.mockRestore();

    expect(serialisationsOfData).toBe(1);
    expect(peers.map(({ sent }) => sent.map((m) => JSON.parse(m)))).toEqual(
      peers.map((_, i) => [{ id: `sub-}}}-${i}`, type: 'next', payload: { data } }]),
    );
  });

  it('is sent as usual when it carries errors', () => {
    const payloads = new SharedPayloads();
    const { socket } = recordingSocket();
    expect(payloads.placeholder(socket, { data: null, errors: [new GraphQLError('no')] })).toBeUndefined();
  });
});
