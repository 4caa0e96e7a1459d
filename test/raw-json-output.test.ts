import { GraphQLScalarType } from 'graphql';
import {
  createSchema,
  createYoga,
  getSSEProcessor,
  isAsyncIterable,
  type Plugin,
  processRegularResult,
} from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  encodeWithRawJson,
  jsonMediaTypeFor,
  RawJson,
  stringifyWithRawJson,
  useRawJsonOutput,
} from '../src/output/raw-json.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('stringifyWithRawJson', () => {
  it('writes each RawJson as its text and everything else as JSON.stringify does', () => {
    const value = {
      data: { a: new RawJson('{"x": [1, 2.50], "y": "é\\"q\\""}'), list: [new RawJson('[]'), 'plain', 3, null] },
    };
    expect(stringifyWithRawJson(value)).toBe(
      '{"data":{"a":{"x": [1, 2.50], "y": "é\\"q\\""},"list":[[],"plain",3,null]}}',
    );
    expect(JSON.parse(stringifyWithRawJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('leaves strings that look like its placeholders alone', () => {
    const value = { s: '\u0000abc:0', t: '"\\u0000abc:0"', raw: new RawJson('{"k": 1}') };
    expect(JSON.parse(stringifyWithRawJson(value))).toEqual({ s: '\u0000abc:0', t: '"\\u0000abc:0"', raw: { k: 1 } });
  });

  it('has the same UTF-8 bytes as encodeWithRawJson', () => {
    const values = [
      { data: { a: [new RawJson('{"x": "é\\u0000😀"}'), 'plain "q" ü', new RawJson('[1, 2]')], b: '\u0000x:0' } },
      { data: { none: 'no RawJson at all', n: 1 } },
      { data: { only: new RawJson('"just a string"') } },
    ];
    for (const value of values) {
      expect(encodeWithRawJson(value).toString('utf8')).toBe(stringifyWithRawJson(value));
      expect(encodeWithRawJson(value).length).toBe(Buffer.byteLength(stringifyWithRawJson(value)));
    }
  });

  it('gives the parsed value to any other serialiser', () => {
    expect(JSON.stringify({ raw: new RawJson('{"b": [1, 2], "a": null}') })).toBe('{"raw":{"b":[1,2],"a":null}}');
  });
});

describe('useRawJsonOutput', () => {
  // The reference is Yoga writing every answer as one string through stringifyWithRawJson (the
  // plugin before answers were bytes); the plugin must answer alike, RawJson texts spliced as sent.
  const schema = createSchema({
    typeDefs: 'scalar Json\ntype Query { raw: Json, text: String, fail: String, missing: String! }',
    resolvers: {
      Json: new GraphQLScalarType({ name: 'Json', serialize: (value) => value }),
      Query: {
        raw: () => new RawJson('{"b": [1, 2.50], "é": "\\u0000"}'),
        text: () => 'é "quoted"',
        fail: () => {
          throw new Error('boom');
        },
        missing: () => null,
      },
    },
  });
  const asOneString: Plugin = {
    onExecutionResult({ result }) {
      if (result && !isAsyncIterable(result) && !Array.isArray(result))
        (result as { stringify?: unknown }).stringify = stringifyWithRawJson;
    },
  };
  const plain = createYoga({ schema, logging: false, maskedErrors: false, plugins: [asOneString] });
  const ours = createYoga({ schema, logging: false, maskedErrors: false, plugins: [useRawJsonOutput()] });

  const ask = async (yoga: typeof plain, accept: string | null, query: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (accept !== null) headers.accept = accept;
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      length: response.headers.get('content-length'),
      body: await response.text(),
    };
  };

  const accepts = [
    null,
    '*/*',
    'application/json',
    'application/graphql-response+json',
    'application/graphql-response+json, application/json',
    'application/json, application/graphql-response+json;q=0.9',
    'application/*',
    'text/html, application/graphql-response+json',
    'application/json; charset=latin1, application/graphql-response+json',
    'text/event-stream, application/json',
    'text/html',
  ];

  it.each(accepts)('answers Accept %s with the status, media type and body of plain Yoga', async (accept) => {
    for (const query of ['{ raw text }', '{ raw fail }', '{ missing }', '{ nope }', 'not a query']) {
      const [theirs, mine] = [await ask(plain, accept, query), await ask(ours, accept, query)];
      expect(mine, `${query}`).toEqual(theirs);
    }
    const spliced = await ask(ours, accept, '{ raw }');
    if (spliced.status === 200) expect(spliced.body).toBe('{"data":{"raw":{"b": [1, 2.50], "é": "\\u0000"}}}');
  });

  it('takes over the JSON answers Yoga would write as one string, and only those', () => {
    const hook = useRawJsonOutput().onResultProcess;
    const chosen = (accept: string, resultProcessor: unknown) => {
      const set = vi.fn();
      const request = new Request('http://yoga/graphql', { headers: { accept } });
      hook?.({ request, resultProcessor, setResultProcessor: set } as never);
      return set.mock.calls[0] as [unknown, string] | undefined;
    };
    const [processor, mediaType] = chosen('application/graphql-response+json', processRegularResult) ?? [];
    expect(processor).toBeTypeOf('function');
    expect(processor).not.toBe(processRegularResult);
    expect(mediaType).toBe('application/graphql-response+json');
    expect(chosen('text/event-stream', getSSEProcessor())).toBeUndefined();
  });

  it('finds the media type Yoga picks, or none', () => {
    expect(jsonMediaTypeFor(null)).toBe('application/json');
    expect(jsonMediaTypeFor('application/graphql-response+json, application/json')).toBe(
      'application/graphql-response+json',
    );
    expect(jsonMediaTypeFor('application/json;charset=utf-16')).toBeNull();
    expect(jsonMediaTypeFor('text/html')).toBeNull();
  });
});

describe('eventData in a query answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('is the stored JSON sent on as the database wrote it, not parsed and serialised again', async () => {
    const eventData = { zeta: [1, 2, { deep: 'é' }], alpha: { nested: true, n: 1.5 } };
    const recorded = await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'raw-json', eventData })] });
    expect(recorded.errors).toBeUndefined();
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: '{ auditEvents(filter: { correlationId: "raw-json" }) { nodes { eventData } } }',
      }),
    });
    const body = await response.text();
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    // jsonb's text form: keys by length, a space after each colon and comma.
    expect(body).toContain('"eventData":{"zeta": [1, 2, {"deep": "é"}], "alpha": {"n": 1.5, "nested": true}}');
    expect(JSON.parse(body)).toEqual({ data: { auditEvents: { nodes: [{ eventData }] } } });
  });
});
