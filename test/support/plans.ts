import { type SQL, sql } from 'drizzle-orm';
import { rows } from '../../src/db/client.js';
import type { TestApp } from './test-app.js';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Output?: string[];
  Plans?: PlanNode[];
}

/** Plan types a test may switch off for its one EXPLAIN, to show an index path exists. */
export type PlanSetting = 'enable_sort' | 'enable_seqscan';

/** Every node of a statement's plan, top first (EXPLAIN, not run). */
export async function planNodes(
  t: TestApp,
  query: SQL,
  { off = [], verbose = false }: { off?: PlanSetting[]; verbose?: boolean } = {},
): Promise<PlanNode[]> {
  const options = sql.raw(verbose ? 'FORMAT JSON, VERBOSE' : 'FORMAT JSON');
  const [row] = await t.app.deps.db.orm.transaction(async (tx) => {
    for (const setting of off) await tx.execute(sql`SELECT set_config(${setting}, 'off', true)`);
    return rows<{ 'QUERY PLAN': unknown }>(tx, sql`EXPLAIN (${options}) ${query}`);
  });
  const plan = row?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: PlanNode }>;
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    node.Plans?.forEach(walk);
  };
  walk(parsed[0]?.Plan as PlanNode);
  return nodes;
}

export const indexesOf = (nodes: PlanNode[]) => nodes.map((n) => n['Index Name']).filter((i): i is string => !!i);
