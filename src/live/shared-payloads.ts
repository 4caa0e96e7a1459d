import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import { stringifyWithRawJson } from '../output/raw-json.js';
import type { LiveOutput } from './shared-execution.js';

const MARK = '__sharedPayload';
const PREFIX = `{"data":{"${MARK}":`;

/**
 * Bytes a socket may hold unsent before direct writes stop: past it, results go through
 * graphql-ws, which waits for each send to be flushed, and the hub's per-subscriber bound applies.
 */
const DIRECT_WRITE_LIMIT = 64 * 1024;

/**
 * graphql-ws serialises every `next` message itself, so an event delivered to many subscribers
 * would be turned into JSON once per subscriber even when they share one execution result (see
 * shared-execution.ts). This serialises each result's data once: `onNext` hands graphql-ws a tiny
 * placeholder payload, and the socket's send swaps the placeholder for the stored JSON.
 */
export class SharedPayloads {
  private readonly json = new WeakMap<object, string>();
  /** Per socket: placeholders waiting for their send (dropped with the socket if it never comes). */
  private readonly pending = new WeakMap<WebSocket, Map<number, string>>();
  private nextToken = 0;

  /** For graphql-ws' onNext: a placeholder standing for `result`, or undefined to send it as usual. */
  placeholder(socket: WebSocket, result: ExecutionResult): FormattedExecutionResult | undefined {
    const text = this.jsonOf(result);
    if (text === undefined) return undefined;
    let pending = this.pending.get(socket);
    if (!pending) {
      pending = new Map();
      this.pending.set(socket, pending);
    }
    const token = this.nextToken++;
    pending.set(token, text);
    return { data: { [MARK]: token } };
  }

  /**
   * Writes results of one graphql-ws subscription straight to its socket, as the `next` message
   * graphql-ws would send, while the subscription is open and the socket keeps up.
   */
  outputFor(socket: WebSocket, id: string, subscriptions: Readonly<Record<string, unknown>>): LiveOutput {
    return new DirectOutput(this, socket, id, subscriptions);
  }

  /** The payload's JSON, made once per result data; undefined for results that are not plain data. */
  jsonOf(result: ExecutionResult): string | undefined {
    if (result.errors || result.extensions || !result.data) return undefined;
    let text = this.json.get(result.data);
    if (text === undefined) {
      text = stringifyWithRawJson({ data: result.data });
      this.json.set(result.data, text);
    }
    return text;
  }

  /** Makes the socket's send put the stored JSON where a placeholder stands. */
  expandOn(socket: WebSocket): void {
    const send = socket.send.bind(socket) as (data: unknown, callback?: (error?: Error) => void) => void;
    socket.send = ((data: unknown, callback?: (error?: Error) => void) =>
      send(typeof data === 'string' ? this.expand(socket, data) : data, callback)) as WebSocket['send'];
  }

  private expand(socket: WebSocket, message: string): string {
    const pending = this.pending.get(socket);
    if (!pending || pending.size === 0) return message;
    // graphql-ws writes {"id":…,"type":"next","payload":{placeholder}}: the placeholder ends the message.
    const at = message.lastIndexOf(PREFIX);
    if (at < 0 || !message.endsWith('}}}')) return message;
    const token = Number(message.slice(at + PREFIX.length, -3));
    const text = pending.get(token);
    if (text === undefined) return message;
    pending.delete(token);
    return `${message.slice(0, at)}${text}}`;
  }
}

const socketSend = WebSocket.prototype.send as (this: WebSocket, data: string) => void;

/** A class rather than a closure: one small object per subscription. */
class DirectOutput implements LiveOutput {
  private readonly prefix: string;

  constructor(
    private readonly payloads: SharedPayloads,
    private readonly socket: WebSocket,
    private readonly id: string,
    private readonly subscriptions: Readonly<Record<string, unknown>>,
  ) {
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  write(result: ExecutionResult): boolean {
    const socket = this.socket;
    if (socket.readyState !== WebSocket.OPEN || socket.bufferedAmount > DIRECT_WRITE_LIMIT) return false;
    if (!(this.id in this.subscriptions)) return false;
    const text = this.payloads.jsonOf(result);
    if (text === undefined) return false;
    // The socket's own send, not expandOn's: this message holds no placeholder to look for.
    socketSend.call(socket, `${this.prefix}${text}}`);
    return true;
  }
}
