import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the parenthesised command name, and that name. */
function readStat(pid: number | string): { command: string; fields: string[] } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone between listing and reading
  }
  const close = text.lastIndexOf(') ');
  return { command: text.slice(text.indexOf('(') + 1, close), fields: text.slice(close + 2).split(' ') };
}

/** CPU time a process has used, user + system, all its threads, GC included (seconds). */
export function processCpuSeconds(pid: number): number {
  const stat = readStat(pid);
  if (!stat) return Number.NaN;
  // Fields 14 and 15 of the stat line (utime, stime), counted here from field 3.
  return (Number(stat.fields[11]) + Number(stat.fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time of every PostgreSQL process on the machine (seconds): backends, the WAL writer,
 * checkpointer and autovacuum, and through the postmaster's children-times those that have exited.
 * The bench's server serves nothing else while it measures, so a difference of two readings is
 * what the requests between them cost the database.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat?.command !== 'postgres') continue;
    // utime, stime, cutime, cstime: fields 14-17.
    for (const field of stat.fields.slice(11, 15)) ticks += Number(field);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** The machine's CPU time since boot, all cores (seconds): idle (with iowait), and stolen by the hypervisor. */
function machineCpuSeconds(): { idle: number; steal: number } {
  // First line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
  const [, , , , idle, iowait, , , steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.split(/\s+/) ?? [];
  return {
    idle: (Number(idle) + Number(iowait)) / CLOCK_TICKS_PER_SECOND,
    steal: Number(steal) / CLOCK_TICKS_PER_SECOND,
  };
}

/** What a stretch of load cost in CPU: the server's process, the database, and this load generator. */
export interface CpuUse {
  serverSeconds: number;
  databaseSeconds: number;
  loadSeconds: number;
  /** CPU time no process used, over all cores: what the load left on the table. */
  idleSeconds: number;
  /** CPU time the hypervisor gave to other machines. */
  stealSeconds: number;
}

/** Starts counting; the returned function gives the CPU used since. */
export function cpuMeter(server: { cpuSeconds(): number }): () => CpuUse {
  const serverBefore = server.cpuSeconds();
  const database = postgresCpuSeconds();
  const load = process.cpuUsage();
  const machine = machineCpuSeconds();
  return () => {
    const used = process.cpuUsage(load);
    const machineNow = machineCpuSeconds();
    return {
      idleSeconds: machineNow.idle - machine.idle,
      stealSeconds: machineNow.steal - machine.steal,
      serverSeconds: server.cpuSeconds() - serverBefore,
      databaseSeconds: postgresCpuSeconds() - database,
      loadSeconds: (used.user + used.system) / 1e6,
    };
  };
}
