import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin, processRegularResult } from 'graphql-yoga';

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

/** JSON.stringify with a placeholder for each RawJson, the texts they stand for, and how to find them. */
function withPlaceholders(value: unknown): { json: string; texts: string[]; placeholders: RegExp } {
  // A fresh nonce per call: no string in the value can forge a placeholder (JSON escapes the NUL).
  const current = { nonce: Math.random().toString(36).slice(2, 12), texts: [] as string[] };
  splice = current;
  try {
    const json = JSON.stringify(value);
    return { json, texts: current.texts, placeholders: new RegExp(`"\\\\u0000${current.nonce}:(\\d+)"`, 'g') };
  } finally {
    splice = null;
  }
}

/** JSON.stringify, with every RawJson inside `value` written as its text. */
export function stringifyWithRawJson(value: unknown): string {
  const { json, texts, placeholders } = withPlaceholders(value);
  if (texts.length === 0) return json;
  return json.replace(placeholders, (_, index: string) => texts[Number(index)] as string);
}

/**
 * The bytes of stringifyWithRawJson(value) in UTF-8, copied part by part into one Buffer. An answer
 * sent as a string exists twice more in the young generation (the spliced string, then Node's copy
 * with the HTTP header in front of it): for a page of events that is most of what a request
 * allocates, and the collections it brings pause requests in flight (bench/README.md).
 */
export function encodeWithRawJson(value: unknown): Buffer {
  const { json, texts, placeholders } = withPlaceholders(value);
  if (texts.length === 0) return Buffer.from(json);
  const parts: string[] = [];
  let from = 0;
  for (const match of json.matchAll(placeholders)) {
    parts.push(json.slice(from, match.index), texts[Number(match[1])] as string);
    from = match.index + match[0].length;
  }
  parts.push(json.slice(from));
  const bytes = Buffer.allocUnsafe(parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0));
  let offset = 0;
  for (const part of parts) offset += bytes.write(part, offset);
  return bytes;
}

const JSON_MEDIA_TYPES = ['application/graphql-response+json', 'application/json'];

/**
 * The media type Yoga's negotiation gives a single result (graphql-yoga's use-result-processor):
 * the first type the request accepts in UTF-8 that a JSON type matches, the later JSON type when
 * both do (a wildcard gets application/json). test/raw-json-output.test.ts holds it to Yoga's answers.
 */
export function jsonMediaTypeFor(accept: string | null): string | null {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...params] = entry.split(';');
    if ((params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') !== 'charset=utf-8') continue;
    const [group, subtype] = type.split('/');
    const matching = JSON_MEDIA_TYPES.filter((candidate) => {
      const [candidateGroup, candidateSubtype] = candidate.split('/');
      return (group === '*' || group === candidateGroup) && (subtype === '*' || subtype === candidateSubtype);
    });
    if (matching.length > 0) return matching.at(-1) ?? null;
  }
  return null;
}

/**
 * A successful single result as JSON bytes, with the status and header Yoga's processRegularResult
 * gives it (200, the media type); anything else (errors, http extensions) goes to Yoga's.
 */
const processJsonResult: typeof processRegularResult = (result, fetchAPI, mediaType) => {
  if (isAsyncIterable(result) || Array.isArray(result) || result.errors?.length || result.extensions?.http)
    return processRegularResult(result, fetchAPI, mediaType);
  return new fetchAPI.Response(encodeWithRawJson(result) as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'Content-Type': `${mediaType}; charset=utf-8` },
  });
};

/**
 * The gateway's HTTP responses are written with their RawJson texts spliced in: a single result
 * as bytes (encodeWithRawJson), anything else (SSE, batches, errors) by stringifyWithRawJson.
 */
export function useRawJsonOutput(): Plugin {
  return {
    onExecutionResult({ result }) {
      if (!result || isAsyncIterable(result)) return;
      for (const one of Array.isArray(result) ? (result as ExecutionResultWithSerializer[]) : [result]) {
        one.stringify = stringifyWithRawJson;
      }
    },
    onResultProcess({ request, resultProcessor, setResultProcessor }) {
      if (resultProcessor !== processRegularResult) return;
      const mediaType = jsonMediaTypeFor(request.headers.get('accept'));
      if (mediaType) setResultProcessor(processJsonResult, mediaType);
    },
  };
}
