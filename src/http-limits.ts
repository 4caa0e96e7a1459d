import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from './errors.js';

function refuse(res: ServerResponse, limit: number): void {
  if (res.headersSent) return;
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  res.end(
    JSON.stringify({
      errors: [
        {
          message: `request body exceeds ${limit} bytes; nothing was written`,
          extensions: { code: ErrorCode.PayloadTooLarge, maxBodyBytes: limit },
        },
      ],
    }),
  );
}

/**
 * Refuses bodies over `limit` bytes before GraphQL sees them: by Content-Length when declared,
 * and by counting when the body is chunked. Returns false when the request was refused.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    refuse(res, limit);
    req.resume();
    return false;
  }
  if (req.headers['transfer-encoding']) {
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) {
        refuse(res, limit);
        req.destroy();
      }
    });
  }
  return true;
}
