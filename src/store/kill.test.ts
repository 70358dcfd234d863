// Nothing committed is lost on kill -9: a child process records states and prints each index once
// its transaction committed; it is SIGKILLed at a random moment, and every printed cycle must be
// in the reopened database, whole (its second row, its session update, the minutes it closed).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HistoryStore } from './history.js';
import { KILL_CAR_W, KILL_T0 } from './test-support/kill-spec.js';
import { tempDir } from './test-support/states.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WRITER = 'src/store/test-support/kill-writer.ts';

/** Runs the writer from `first` until it printed `killAfter` lines past it, then SIGKILLs it; the printed indexes. */
function writeUntilKilled(dataDir: string, first: number, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(first)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const printed: number[] = [];
    let pending = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) printed.push(Number(line));
      if (printed.length >= killAfter && child.exitCode === null && child.signalCode === null)
        child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended with ${code ?? signal}: ${err}`));
      resolve(printed);
    });
  });
}

describe('kill -9', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('keeps every committed cycle, whole, across three kills at random moments', async () => {
    let next = 0;
    for (let round = 0; round < 3; round++) {
      const killAfter = 50 + Math.floor(Math.random() * 2500);
      const printed = await writeUntilKilled(tmp.dir, next, killAfter);
      const what = `round ${round}, killed after ${killAfter} lines (${printed.length} printed)`;
      assert.ok(printed.length >= killAfter, what);
      const lastPrinted = printed[printed.length - 1]!;

      const db = new Database(`${tmp.dir}/ampshare.db`);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', what);
      const seconds = new Set(db.prepare('SELECT t_ms FROM samples_second').pluck().all() as number[]);
      for (const i of printed) assert.ok(seconds.has(KILL_T0 + i * 1000), `${what}: cycle ${i} is there`);
      // The cycle in flight may have committed without being printed; nothing beyond it.
      const lastMs = Math.max(...seconds);
      assert.ok(lastMs <= KILL_T0 + (lastPrinted + 1) * 1000, what);
      // Its session update is in the same transaction: the open session reached that cycle.
      const session = db
        .prepare('SELECT start_ms, last_ms, energy_kwh, end_ms FROM sessions ORDER BY id DESC LIMIT 1')
        .get() as { start_ms: number; last_ms: number; energy_kwh: number; end_ms: number | null };
      assert.equal(session.end_ms, null, what);
      assert.equal(session.last_ms, lastMs, what);
      const expectedKWh = (KILL_CAR_W * (session.last_ms - session.start_ms)) / 3_600_000_000;
      assert.ok(Math.abs(session.energy_kwh - expectedKWh) < 1e-9, `${what}: ${session.energy_kwh} kWh`);
      // Every minute before the last one closed in a committed cycle.
      const minutes = db.prepare('SELECT count(*) FROM samples_minute').pluck().get() as number;
      assert.equal(minutes, Math.floor((lastMs - KILL_T0) / 60_000), what);
      db.close();

      // Reopening closes the session the kill cut, at its last sample.
      const store = HistoryStore.open({ dataDir: tmp.dir });
      const cut = store.sessions(0, Number.MAX_SAFE_INTEGER).at(-1)!;
      assert.equal(cut.endMs, lastMs, what);
      store.close();
      next = (lastMs - KILL_T0) / 1000 + 1;
    }
  });
});
