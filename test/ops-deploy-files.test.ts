import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let exported: Set<string>;
beforeAll(async () => {
  t = await createTestApp();
  const text = await (await fetch(t.url.replace(/\/graphql$/, '/metrics'))).text();
  exported = new Set();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exported.add(name as string);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) exported.add(`${name}${suffix}`);
  }
});
afterAll(() => t?.close());

const METRIC = /\b(?:audit|process|nodejs)_[a-z0-9_]+\b/g;

function alertExpressions(): Array<[string, string]> {
  const rules = parse(readFileSync('deploy/prometheus/alerts.yaml', 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
  };
  return rules.groups.flatMap((g) => g.rules.map((r): [string, string] => [r.alert, r.expr]));
}

function dashboardExpressions(): Array<[string, string]> {
  const dashboard = JSON.parse(readFileSync('deploy/grafana/audit-gateway.json', 'utf8')) as {
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((p) => p.targets.map((target): [string, string] => [p.title, target.expr]));
}

describe.each([
  ['deploy/prometheus/alerts.yaml', alertExpressions],
  ['deploy/grafana/audit-gateway.json', dashboardExpressions],
])('%s', (_file, load) => {
  it('names, in every expression, only metrics the gateway exports', () => {
    const expressions = load();
    expect(expressions.length).toBeGreaterThanOrEqual(6);
    const unknown: string[] = [];
    for (const [name, expr] of expressions) {
      const metrics = expr.match(METRIC) ?? [];
      if (metrics.length === 0) unknown.push(`${name}: names no gateway metric`);
      for (const metric of metrics) if (!exported.has(metric)) unknown.push(`${name}: ${metric}`);
    }
    expect(unknown).toEqual([]);
  });
});

describe('the alerts', () => {
  it('cover write failures, rejections, partitions, delivery lag and sustained rate limiting', () => {
    const all = alertExpressions()
      .map(([, expr]) => expr)
      .join('\n');
    for (const metric of [
      'audit_write_failures_total',
      'audit_events_rejected_total',
      'audit_partitions_months_ahead',
      'audit_subscription_delivery_lag_seconds',
      'audit_rate_limited_requests_total',
    ]) {
      expect(all).toContain(metric);
    }
  });
});
