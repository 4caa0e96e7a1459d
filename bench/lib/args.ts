export const SECTIONS = ['ingest', 'query', 'live', 'client', 'overhead'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface BenchArgs {
  quick: boolean;
  sections: SectionName[];
  /** Skip the PostGraphile baseline (it needs a Node 22 binary; see bench/README.md). */
  noPeer: boolean;
  /** Only create and fill the bench databases the chosen sections use; measure nothing. */
  loadOnly: boolean;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let noPeer = false;
  let loadOnly = false;
  let sections: SectionName[] = [...SECTIONS];
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--no-peer') noPeer = true;
    else if (arg === '--load-only') loadOnly = true;
    else if (arg.startsWith('--section=') || arg.startsWith('--sections=')) {
      const wanted = arg
        .slice(arg.indexOf('=') + 1)
        .split(',')
        .filter(Boolean);
      const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
      if (unknown.length > 0)
        throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
      sections = SECTIONS.filter((s) => wanted.includes(s));
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: npm run bench -- [--quick] [--section=ingest,query,live,client,overhead] [--no-peer] [--load-only]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return { quick, sections, noPeer, loadOnly };
}
