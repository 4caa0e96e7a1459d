import { parseArgs } from 'node:util';
import { GatewayBackend } from './backends/gateway.js';
import { replayDirectory } from './replay.js';

const USAGE = `usage: audit-gateway replay <dir> --url <graphql endpoint> [--token <bearer>] [--header name:value]...
                            [--include-rejected] [--batch-size <n>]

Sends the events of file-backend and dead-letter files (*.jsonl) in <dir> to a gateway, idempotently.
A file is marked done (<file>.replay.json) only when every event in it was acknowledged.
Exit status: 0 all done, 1 delivery failed (try again later), 2 some events were refused, 64 usage.`;

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const [command, dir] = positionals;
  if (command !== 'replay' || !dir || !values.url) {
    out(USAGE);
    return 64;
  }
  const headers = Object.fromEntries(
    (values.header ?? []).map((h) => {
      const at = h.indexOf(':');
      return [h.slice(0, at).trim(), h.slice(at + 1).trim()];
    }),
  );
  const backend = new GatewayBackend({ url: values.url, token: values.token, headers });
  const report = await replayDirectory({
    dir,
    backend,
    includeRejected: values['include-rejected'] ?? false,
    batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
  }).catch((error: unknown) => ({ files: [], failure: error instanceof Error ? error.message : String(error) }));
  for (const f of report.files) {
    out(
      `${f.file}: ${f.events} event(s), ${f.recorded} recorded, ${f.duplicates} already stored, ${f.rejected.length} refused${f.done ? ', done' : ''}`,
    );
    for (const r of f.rejected) {
      out(`  line ${r.line} (${r.eventId ?? 'no id'}): ${r.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    }
  }
  if (report.files.length === 0 && !report.failure) out('nothing to replay');
  if (report.failure) {
    out(`stopped: ${report.failure}`);
    return 1;
  }
  return report.files.some((f) => f.rejected.length > 0) ? 2 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      header: { type: 'string', multiple: true },
      'include-rejected': { type: 'boolean' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
