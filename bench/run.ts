import { spawnSync } from 'node:child_process';
import { parseArgs, type SectionName } from './lib/args.js';
import { peerUnavailable } from './lib/peer.js';
import { machineFacts } from './lib/postgres.js';
import { ingestDatabase, type PreloadSpec, preload } from './lib/preload.js';
import { type Evaluated, evaluate, renderTable, writeResults } from './lib/report.js';
import type { SectionContext, SectionResult } from './sections/context.js';
import { runClient } from './sections/client.js';
import { runIngest } from './sections/ingest.js';
import { runLive } from './sections/live.js';
import { runOverhead } from './sections/overhead.js';
import { queryDatabase, runQuery } from './sections/query.js';

/*
 * npm run bench [-- --quick] [-- --section=ingest,query,live,client,overhead] [-- --no-peer]
 * Each section measures ours and its baseline in the same run, on the same PostgreSQL server
 * (127.0.0.1:5432) and data, in databases of its own (audit_bench_*).
 */

const RUNNERS: Record<SectionName, (ctx: SectionContext) => Promise<SectionResult>> = {
  ingest: runIngest,
  query: runQuery,
  live: runLive,
  client: runClient,
  overhead: runOverhead,
};

/** The commit measured, and whether the work tree differed from it (others edit src/ while the bench runs). */
function codeVersion(): { commit: string; dirtyFiles: number } {
  const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    commit: git(['rev-parse', 'HEAD']),
    dirtyFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const t0 = performance.now();
  const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const machine = await machineFacts();
  log(
    `bench ${args.quick ? '--quick' : 'full'}: sections ${args.sections.join(', ')}; ${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres.split(' on ')[0]}, load ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
  );
  const needsPeer = !args.noPeer && args.sections.some((s) => s === 'ingest' || s === 'query');
  const peer = args.noPeer ? 'disabled with --no-peer' : needsPeer ? peerUnavailable() : null;
  if (needsPeer && peer) log(`PostGraphile baseline unavailable: ${peer}`);
  const ctx: SectionContext = { quick: args.quick, log, peerUnavailable: peer, shared: {} };

  if (args.loadOnly) {
    const specs = new Map<string, PreloadSpec>();
    for (const name of args.sections) {
      const used =
        name === 'query'
          ? [queryDatabase(args.quick)]
          : name === 'overhead'
            ? [ingestDatabase(args.quick), queryDatabase(args.quick)]
            : [ingestDatabase(args.quick)];
      for (const spec of used) specs.set(spec.database, spec);
    }
    for (const spec of specs.values()) {
      const info = await preload(spec, log);
      log(
        `${info.database}: ${info.reused ? 'already loaded' : 'loaded'} (${info.rows.toLocaleString('en-US')} events preloaded)`,
      );
    }
    return;
  }

  const figures: Evaluated[] = [];
  const sections: Record<string, unknown> = {};
  for (const name of args.sections) {
    const s0 = performance.now();
    log(`section ${name}`);
    try {
      const result = await RUNNERS[name](ctx);
      figures.push(...result.figures.map(evaluate));
      sections[name] = { ...result.details, seconds: Math.round((performance.now() - s0) / 1000) };
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`section ${name} failed: ${message}`);
      sections[name] = { failed: message };
      figures.push(
        evaluate({
          section: name,
          name: 'section failed',
          unit: '',
          better: 'higher',
          ours: null,
          note: message.split('\n')[0],
        }),
      );
    }
  }

  const end = (await import('node:os')).loadavg();
  const header =
    `${args.quick ? 'QUICK run (small sizes, short windows: not the full report)' : 'full run'}, ${started.toISOString()}, ` +
    `${machine.cores} cores, Node ${machine.node}, ${machine.postgres.split(' on ')[0]}, ` +
    `load average ${machine.loadAverage[0]?.toFixed(1)} at start, ${end[0]?.toFixed(1)} at end`;
  const table = `${header}\n\n${renderTable(figures)}`;
  console.log(`\n${table}\n`);
  const file = writeResults(`bench-${started.toISOString().replace(/[:.]/g, '-')}${args.quick ? '-quick' : ''}.json`, {
    startedAt: started.toISOString(),
    code: codeVersion(),
    seconds: Math.round((performance.now() - t0) / 1000),
    mode: args.quick ? 'quick' : 'full',
    sections: args.sections,
    machine: { ...machine, loadAverageAtEnd: end },
    figures,
    details: sections,
    table,
  });
  log(`results written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
