import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { stringifyWithRawJson } from '../output/raw-json.js';

const MARK = '__sharedPayload';
const PREFIX = `{"data":{"${MARK}":`;

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
    if (result.errors || result.extensions || !result.data) return undefined;
    let text = this.json.get(result.data);
    if (text === undefined) {
      text = stringifyWithRawJson({ data: result.data });
      this.json.set(result.data, text);
    }
    let pending = this.pending.get(socket);
    if (!pending) {
      pending = new Map();
      this.pending.set(socket, pending);
    }
    const token = this.nextToken++;
    pending.set(token, text);
    return { data: { [MARK]: token } };
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
