import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Replica {
  url: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * A second gateway process (the real entry point, `src/server.ts`) on a PostgreSQL database;
 * resolves once it listens. An embedded PGlite belongs to the one process that opened it, so only
 * PostgreSQL can have a second replica.
 */
export async function startReplica(databaseUrl: string, env: Record<string, string> = {}): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const logged = JSON.parse(line) as { url?: string };
      if (logged.url) resolve(logged.url);
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
