import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { round } from './stats.js';

/** Which way is better for a figure. */
export type Better = 'higher' | 'lower';

export interface Target {
  /** Ours relative to the baseline, in the better direction (>= this). */
  minRatio?: number;
  /** Absolute bound on ours: >= for 'higher' figures, <= for 'lower' ones. */
  absolute?: number;
}

export interface Figure {
  section: string;
  name: string;
  unit: string;
  better: Better;
  ours: number | null;
  baseline?: { name: string; value: number | null } | undefined;
  target?: Target | undefined;
  /** Why a figure or its baseline is missing, or anything a reader must know to trust it. */
  note?: string | undefined;
}

export interface Evaluated extends Figure {
  /** ours/baseline for 'higher', baseline/ours for 'lower': above 1 means ours is better. */
  ratio: number | null;
  met: boolean | null;
}

export function evaluate(figure: Figure): Evaluated {
  const { ours, baseline, target, better } = figure;
  let ratio: number | null = null;
  if (ours !== null && baseline?.value != null && ours > 0 && baseline.value > 0) {
    ratio = better === 'higher' ? ours / baseline.value : baseline.value / ours;
  }
  let met: boolean | null = null;
  if (target && ours !== null) {
    const checks: boolean[] = [];
    if (target.absolute !== undefined)
      checks.push(better === 'higher' ? ours >= target.absolute : ours <= target.absolute);
    if (target.minRatio !== undefined && ratio !== null) checks.push(ratio >= target.minRatio);
    const unknown = target.minRatio !== undefined && ratio === null;
    met = checks.length === 0 ? null : checks.every(Boolean) && !unknown ? true : checks.some((c) => !c) ? false : null;
  }
  return { ...figure, ratio, met };
}

function fmt(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${round(value, digits).toLocaleString('en-US')} ${unit}`;
}

function targetText(f: Figure): string {
  if (!f.target) return '-';
  const parts: string[] = [];
  if (f.target.absolute !== undefined)
    parts.push(`${f.better === 'higher' ? '>=' : '<='} ${fmt(f.target.absolute, f.unit)}`);
  if (f.target.minRatio !== undefined) parts.push(`ratio >= ${f.target.minRatio}`);
  return parts.join(', ');
}

export function renderTable(figures: readonly Evaluated[]): string {
  const header = ['figure', 'ours', 'baseline', 'ratio', 'target', 'met'];
  const rows = figures.map((f) => [
    `${f.section}: ${f.name}`,
    fmt(f.ours, f.unit),
    f.baseline ? `${fmt(f.baseline.value, f.unit)} (${f.baseline.name})` : '-',
    f.ratio === null ? '-' : `${round(f.ratio, 2)}x`,
    targetText(f),
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.section}: ${f.name}: ${f.note}`);
  if (notes.length > 0) out.push('', 'notes:', ...notes);
  return out.join('\n');
}

export function writeResults(name: string, content: unknown): string {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}`;
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  return file;
}
