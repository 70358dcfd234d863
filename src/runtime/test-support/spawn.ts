// `ampshare run` as a child process, the way it runs for real: `node --import tsx scripts/dev.ts
// run --config … --json-events`. Its stdout events are parsed as they come; stderr is kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Recorder } from '../../protocols/ocpp/test-support/harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Through the CLI table, as a user runs it. */
function entry(): string[] {
  return ['scripts/dev.ts', 'run'];
}

export type JsonEvent = { at: string; type: string } & Record<string, unknown>;

export interface Daemon {
  child: ChildProcess;
  events: Recorder<JsonEvent>;
  stderr: () => string;
  /** The next event of this type not taken yet (real time). */
  event(type: string, match?: (e: JsonEvent) => boolean, timeoutMs?: number): Promise<JsonEvent>;
  /** Resolves with how it ended, and when (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

export function spawnRun(args: string[]): Daemon {
  const child = spawn(process.execPath, ['--import', 'tsx', ...entry(), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  const events = new Recorder<JsonEvent>();
  let err = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as JsonEvent);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  return {
    child,
    events,
    stderr: () => err,
    event: (type, match = () => true, timeoutMs = 10_000) =>
      events.take((e) => e.type === type && match(e), `${type} (stderr: ${err.slice(-800)})`, timeoutMs),
    exited,
  };
}
