import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawJson, stringifyWithRawJson } from '../src/output/raw-json.js';
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

  it('gives the parsed value to any other serialiser', () => {
    expect(JSON.stringify({ raw: new RawJson('{"b": [1, 2], "a": null}') })).toBe('{"raw":{"b":[1,2],"a":null}}');
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
    // jsonb's text form: keys by length, a space after each colon and comma.
    expect(body).toContain('"eventData":{"zeta": [1, 2, {"deep": "é"}], "alpha": {"n": 1.5, "nested": true}}');
    expect(JSON.parse(body)).toEqual({ data: { auditEvents: { nodes: [{ eventData }] } } });
  });
});
