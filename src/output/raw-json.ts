import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

type ExecutionResultWithSerializer = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

/**
 * A JSON value kept as the text PostgreSQL sent. A page of events then goes out without parsing
 * every payload into objects and serialising them again (the largest share of a page's bytes):
 * `stringifyWithRawJson` splices the text into the response as it is. Any other serialiser still
 * gets the right value, parsed on demand through `toJSON`.
 */
export class RawJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    if (splice === null) return JSON.parse(this.text);
    splice.texts.push(this.text);
    return `\u0000${splice.nonce}:${splice.texts.length - 1}`;
  }
}

/** The texts met by the serialisation in progress (JSON.stringify is synchronous, so one at a time). */
let splice: { nonce: string; texts: string[] } | null = null;

/** JSON.stringify, with every RawJson inside `value` written as its text. */
export function stringifyWithRawJson(value: unknown): string {
  // A fresh nonce per call: no string in the value can forge a placeholder (JSON escapes the NUL).
  const current = { nonce: Math.random().toString(36).slice(2, 12), texts: [] as string[] };
  splice = current;
  let json: string;
  try {
    json = JSON.stringify(value);
  } finally {
    splice = null;
  }
  if (current.texts.length === 0) return json;
  return json.replace(
    new RegExp(`"\\\\u0000${current.nonce}:(\\d+)"`, 'g'),
    (_, index: string) => current.texts[Number(index)] as string,
  );
}

/** The gateway's HTTP responses (JSON and SSE) are written by stringifyWithRawJson. */
export function useRawJsonOutput(): Plugin {
  return {
    onExecutionResult({ result }) {
      if (!result || isAsyncIterable(result)) return;
      for (const one of Array.isArray(result) ? (result as ExecutionResultWithSerializer[]) : [result]) {
        one.stringify = stringifyWithRawJson;
      }
    },
  };
}
