import type { IncomingMessage, Server } from 'node:http';
import { type ExecutionArgs, type ExecutionResult, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import type { Context } from '../context.js';
import { SharedPayloads } from './shared-payloads.js';

export interface GraphQLWsOptions {
  /** The HTTP path that accepts WebSocket upgrades; the same as Yoga's endpoint. */
  path: string;
  /** Interval of WebSocket pings; a peer that misses a pong for as long is dropped. Default 12 s. */
  keepAliveMs?: number;
  /**
   * Checks the credential of connection_init (its `authorization`, else the upgrade request's
   * header); a refusal closes the socket with 4401 and the error's code and reason.
   */
  authenticate?: (authorization: string | null) => Promise<unknown>;
}

export interface GraphQLWsServer {
  /** Closes every WebSocket (their subscriptions end) and stops accepting upgrades. */
  close(): Promise<void>;
}

type Executor = (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult | unknown;
interface EnvelopedRoot {
  execute: Executor;
  subscribe: Executor;
}

/**
 * Serves the graphql-transport-ws protocol on the HTTP server, through Yoga's envelop pipeline so
 * that WebSocket operations get the same schema, context, plugins and error masking as HTTP ones.
 */
export function serveGraphQLWs(
  server: Server,
  yoga: YogaServerInstance<Record<string, never>, Context>,
  { path, keepAliveMs = 12_000, authenticate }: GraphQLWsOptions,
): GraphQLWsServer {
  const wss = new WebSocketServer({ server, path });
  const payloads = new SharedPayloads();
  wss.on('connection', (socket) => payloads.expandOn(socket));
  const disposable = useServer<Readonly<Record<string, unknown>> | undefined, { view: Request }>(
    {
      onNext: (ctx, _id, _payload, _args, result) => payloads.placeholder(ctx.extra.socket, result),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as Promise<ExecutionResult>,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as Promise<ExecutionResult>,
      onConnect: async (ctx) => {
        const view = upgradeRequest(ctx.extra.request, ctx.connectionParams);
        ctx.extra.view = view;
        // Every later read goes through the view; the IncomingMessage (raw headers, stream state)
        // would otherwise live as long as the connection, about 1 KB each.
        (ctx.extra as { request?: IncomingMessage }).request = undefined;
        if (!authenticate) return true;
        try {
          await authenticate(view.headers.get('authorization'));
          return true;
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          const reason = `${String(error.extensions.code)}: ${String(error.extensions.reason ?? error.message)}`;
          ctx.extra.socket.close(4401, reason.slice(0, 120));
          return false;
        }
      },
      onSubscribe: async (ctx, id, params) => {
        // Only the request goes into the context (each field kept here lives as long as the subscription).
        const request = ctx.extra.view;
        if (!request) throw new Error('a subscription before connection_init was acknowledged');
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({ request });
        let contextValue: unknown;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // A refused credential is an expected, coded failure: answer it as an error message.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        // Live events may skip the stream's trip through graphql-ws: see shared-execution.ts.
        (contextValue as Partial<Context>).liveOutput = payloads.outputFor(ctx.extra.socket, id, ctx.subscriptions);
        const args: ExecutionArgs = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue,
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
        const errors = validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
    },
    wss,
    keepAliveMs,
  );
  return {
    async close() {
      // 1012 (service restart): clients reconnect, to another replica, and resume from their last sequence.
      for (const socket of wss.clients) socket.close(1012, 'SHUTTING_DOWN: resume with afterSequence');
      await disposable.dispose();
    },
  };
}

/** Headers of the WebSocket handshake itself, which no operation reads. */
const HANDSHAKE_HEADERS = new Set([
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

/**
 * The upgrade request as the context factory reads HTTP ones: by its headers, where connection_init's
 * authorization stands in for the header browsers cannot set on a WebSocket. Made once per
 * connection, and a view rather than a Fetch Request: a Request and its Headers cost about 2 KB per
 * subscription, a tenth of what an idle subscription may cost in all.
 */
function upgradeRequest(
  req: IncomingMessage,
  connectionParams: Readonly<Record<string, unknown>> | undefined,
): Request {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HANDSHAKE_HEADERS.has(name))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const given = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof given === 'string') headers.authorization = given;
  return {
    headers: new HeaderView(headers),
    method: 'GET',
    url: `http://${headers.host ?? 'localhost'}${req.url ?? '/'}`,
  } as unknown as Request;
}

/** The part of a Fetch Headers that the context and plugins read; a class, so no closures per connection. */
class HeaderView {
  constructor(private readonly values: Record<string, string>) {}

  get(name: string): string | null {
    return this.values[name.toLowerCase()] ?? null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }
}
