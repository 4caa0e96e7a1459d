import { codedError, ErrorCode } from '../errors.js';

/** Longest path accepted, in segments and in characters. */
export const MAX_PATH_SEGMENTS = 10;
const MAX_PATH_LENGTH = 512;

const KEY = /[A-Za-z_$][A-Za-z0-9_$-]*/y;
const INDEX = /\[(\d{1,6})\]/y;
const QUOTED = /\["((?:[^"\\]|\\.)*)"\]/y;

function malformed(path: string, position: number, why: string): Error {
  return codedError(ErrorCode.BadUserInput, `malformed eventData path at position ${position}: ${why}`, {
    argument: 'dataPath.path',
    path,
    position,
  });
}

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Parses `payload.items[0].name` (or `["odd key"].x`) into its segments: keys, and array indexes as
 * decimal strings, the form PostgreSQL's `#>` operator takes. Anything else is refused with
 * BAD_USER_INPUT naming the position; the segments only ever reach SQL as bound parameters.
 */
export function parseDataPath(path: string): string[] {
  if (path.length === 0) throw malformed(path, 0, 'the path is empty');
  if (path.length > MAX_PATH_LENGTH) throw malformed(path, MAX_PATH_LENGTH, `longer than ${MAX_PATH_LENGTH}`);
  const segments: string[] = [];
  let at = 0;
  while (at < path.length) {
    const startsSegment = at === 0 || path[at] === '[';
    if (!startsSegment) {
      if (path[at] !== '.') throw malformed(path, at, `expected "." or "[", got "${path[at]}"`);
      at++;
    }
    let m: RegExpExecArray | null;
    if ((m = matchAt(INDEX, path, at))) {
      segments.push(String(Number(m[1])));
    } else if ((m = matchAt(QUOTED, path, at))) {
      const raw = m[1] ?? '';
      try {
        segments.push(JSON.parse(`"${raw}"`) as string);
      } catch {
        throw malformed(path, at, 'bad escape in a quoted key');
      }
    } else if ((m = matchAt(KEY, path, at))) {
      segments.push(m[0]);
    } else {
      throw malformed(path, at, 'expected a key, [index] or ["quoted key"]');
    }
    at += m[0].length;
    if (segments.length > MAX_PATH_SEGMENTS) throw malformed(path, at, `more than ${MAX_PATH_SEGMENTS} segments`);
  }
  return segments;
}
