import { GraphQLError } from 'graphql';
import type { AppDeps, Context } from '../context.js';
import { noteRequestOfError, requestIdOf } from '../observability/request-ids.js';

/**
 * Builds each operation's context: the caller comes from the `Authorization` header (for
 * graphql-ws, the connection_init payload's `authorization`, which the WebSocket server copies into
 * the request it hands over). A bad credential fails the whole request with UNAUTHENTICATED before
 * any resolver runs.
 */
export function createContextFactory(deps: AppDeps) {
  return async ({ request }: { request: Request }): Promise<Context> => {
    try {
      const caller = await deps.auth.authenticate(request.headers.get('authorization'));
      return { deps, caller };
    } catch (error) {
      if (error instanceof GraphQLError) {
        deps.metrics.authFailures.inc({ code: String(error.extensions.code) });
        deps.logger.info(
          { reason: error.extensions.reason, requestId: requestIdOf(request) },
          'request refused: not authenticated',
        );
      } else {
        // Yoga masks and logs it: the log line names the request.
        noteRequestOfError(error, request);
      }
      throw error;
    }
  };
}
