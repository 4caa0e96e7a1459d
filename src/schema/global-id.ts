import { codedError, ErrorCode } from '../errors.js';

/** Types that implement Node; a global id naming any other type is refused before any lookup. */
const NODE_TYPES = new Set(['AuditEvent']);

/**
 * Decodes `base64("Type:key")` like the Relay plugin's default, but refuses a malformed id or an
 * unknown type with BAD_USER_INPUT instead of an unexpected (masked) error.
 */
export function decodeGlobalID(globalID: string): { typename: string; id: string } {
  const text = Buffer.from(globalID, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  if (colon <= 0 || !NODE_TYPES.has(typename) || Buffer.from(text, 'utf8').toString('base64') !== globalID) {
    throw codedError(ErrorCode.BadUserInput, 'id is not the global id of a node', { argument: 'id' });
  }
  return { typename, id: text.slice(colon + 1) };
}
