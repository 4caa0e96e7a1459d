import { codedError, ErrorCode } from '../errors.js';

/** The longest correlation id the store accepts (audit_events.correlation_id). */
const MAX_CORRELATION_ID_LENGTH = 255;

/** Refuses arguments no timeline can match, with the same code the ingest path uses. */
export function checkTimelineArgs(correlationId: string, afterSequence: number | null): void {
  if (correlationId.length === 0 || correlationId.length > MAX_CORRELATION_ID_LENGTH) {
    throw codedError(ErrorCode.BadUserInput, `correlationId must hold 1 to ${MAX_CORRELATION_ID_LENGTH} characters`, {
      field: 'correlationId',
    });
  }
  if (afterSequence !== null && afterSequence < 0) {
    throw codedError(ErrorCode.BadUserInput, 'afterSequence must be 0 or more (0 replays from the start)', {
      field: 'afterSequence',
    });
  }
}
