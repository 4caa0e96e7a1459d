import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AuditRecorder,
  defineAuditEvent,
  envelope,
  FileBackend,
  FileDeadLetterStore,
  GatewayBackend,
  GatewaySignalReceived,
  NotificationMessageSent,
  WorkflowExecutionStarted,
} from 'audit-gateway/client';
import { GetAuditEvent } from './support/documents.js';
import { captureLogger, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('a typed event definition', () => {
  it('derives category and action from the type, applies payload defaults, and is stored as given', async () => {
    const recorder = new AuditRecorder({
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('typed') }),
      flushIntervalMs: 60_000,
      logger: captureLogger(),
    });
    const event = GatewaySignalReceived.build(
      { signal_fingerprint: 'fp-abc123', alert_name: 'PodOOMKilled', namespace: 'production' },
      { correlationId: 'rr-typed', resource: { type: 'Signal', id: 'fp-abc123' } },
    );
    const receipt = recorder.record(event);
    const sent = recorder.record(
      NotificationMessageSent.build(
        { notification_id: 'n-1', channel: 'slack', message_type: 'escalation', recipient_count: 2 },
        { correlationId: 'rr-typed', eventOutcome: 'PENDING' },
      ),
    );
    await recorder.close();

    expect(event).toMatchObject({
      eventType: 'gateway.signal.received',
      eventCategory: 'gateway',
      eventAction: 'received',
      eventOutcome: 'SUCCESS',
      eventData: { is_duplicate: false },
    });
    const got = await t.gql(GetAuditEvent, { eventId: receipt.eventId });
    expect(got.data?.auditEvent).toMatchObject({
      eventType: 'gateway.signal.received',
      resource: { type: 'Signal', id: 'fp-abc123' },
      eventData: {
        signal_fingerprint: 'fp-abc123',
        alert_name: 'PodOOMKilled',
        namespace: 'production',
        is_duplicate: false,
      },
    });
    expect((await t.gql(GetAuditEvent, { eventId: sent.eventId })).data?.auditEvent).toMatchObject({
      eventCategory: 'notification',
      eventAction: 'sent',
      eventOutcome: 'PENDING',
    });
    expect((await storedIds(t, 'rr-typed')).size).toBe(2);
  });

  it('rejects a payload that does not match its schema, at compile time and at run time', () => {
    const wrong = { notification_id: 'n', channel: 'slack', message_type: 'x', recipient_count: '2' } as const;
    // @ts-expect-error recipient_count must be a number
    expect(() => NotificationMessageSent.build(wrong, { correlationId: 'rr' })).toThrow(z.ZodError);
    expect(() =>
      WorkflowExecutionStarted.build({ workflow_id: '', target_resource: 'deploy/api' }, { correlationId: 'rr' }),
    ).toThrow(/workflow_id/);
    expect(() => defineAuditEvent('nodots', z.object({}))).toThrow(/\{service\}\.\{domain\}\.\{action\}/);
  });

  it('wraps a payload in the optional common envelope', () => {
    const Custom = defineAuditEvent(
      'approval.request.decided',
      z.object({
        version: z.string(),
        service: z.string(),
        operation: z.string(),
        status: z.string(),
        payload: z.object({ approved: z.boolean() }),
        source_payload: z.record(z.string(), z.unknown()).optional(),
      }),
    );
    const event = Custom.build(
      envelope({
        service: 'approval',
        operation: 'request_decided',
        status: 'success',
        payload: { approved: true },
        sourcePayload: { ticket: 'CHG-1' },
      }),
      { correlationId: 'rr-envelope' },
    );
    expect(event.eventData).toEqual({
      version: '1.0',
      service: 'approval',
      operation: 'request_decided',
      status: 'success',
      payload: { approved: true },
      source_payload: { ticket: 'CHG-1' },
    });
  });
});

describe('the audit-gateway command', () => {
  it('replays a folder of files to a gateway through the package bin', async () => {
    const dir = await tempDir('bin');
    const files = new FileBackend({ dir });
    const events = [1, 2, 3].map(() => ({
      ...GatewaySignalReceived.build({ signal_fingerprint: 'fp', alert_name: 'A' }, { correlationId: 'rr-bin' }),
      eventId: crypto.randomUUID(),
      eventTimestamp: new Date().toISOString(),
    }));
    await files.write(events);
    await files.close();

    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/audit-gateway.mjs', 'replay', dir, '--url', t.url]);
    expect(stdout).toMatch(/3 event\(s\), 3 recorded, 0 already stored, 0 refused, done/);
    expect((await storedIds(t, 'rr-bin')).size).toBe(3);

    const usage = await run(process.execPath, ['bin/audit-gateway.mjs', 'replay']).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect(usage).toMatchObject({ code: 64 });
    expect((usage as { stdout: string }).stdout).toMatch(/^usage: audit-gateway replay <dir> --url/);
  });
});
