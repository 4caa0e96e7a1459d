import { GRAPHQL_TRANSPORT_WS_PROTOCOL, type Message, MessageType, stringifyMessage } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsSubscription {
  /** Closes the socket normally; the server ends the subscription. */
  close(): void;
}

export interface WsSubscriptionSink {
  next(data: unknown): void;
  error(error: unknown): void;
}

/**
 * One subscription over its own graphql-transport-ws socket, doing no more per message than parse
 * it. The live section runs ten thousand of these on the gateway's own two cores: graphql-ws's
 * client (a message validated and dispatched through its sinks) took about twice the CPU per
 * message of a bare parse, and every cycle spent there is taken from the gateway being measured.
 * Resolves once the server has acknowledged the connection and the subscription is sent.
 */
export function subscribeOverWs(
  url: string,
  authorization: string | undefined,
  request: { query: string; variables: Record<string, unknown> },
  sink: WsSubscriptionSink,
): Promise<WsSubscription> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, GRAPHQL_TRANSPORT_WS_PROTOCOL);
    const send = (message: Message) => socket.send(stringifyMessage(message));
    let acknowledged = false;
    socket.on('open', () =>
      send({ type: MessageType.ConnectionInit, payload: authorization ? { authorization } : {} }),
    );
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as Message;
      switch (message.type) {
        case MessageType.Next:
          sink.next(message.payload.data);
          if (message.payload.errors) sink.error(message.payload.errors);
          break;
        case MessageType.Error:
          sink.error(message.payload);
          break;
        case MessageType.Ping:
          send({ type: MessageType.Pong });
          break;
        case MessageType.ConnectionAck:
          acknowledged = true;
          send({ id: '1', type: MessageType.Subscribe, payload: request });
          resolve({ close: () => socket.close(1000) });
          break;
        default:
          break;
      }
    });
    socket.on('error', (error) => (acknowledged ? sink.error(error) : reject(error)));
    socket.on('close', (code, reason) => {
      if (!acknowledged) reject(new Error(`closed before acknowledgement: ${code} ${String(reason)}`));
      else if (code !== 1000 && code !== 1005) sink.error(`closed: ${code} ${String(reason)}`);
    });
  });
}
