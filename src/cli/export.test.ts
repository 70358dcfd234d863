// `ampshare export` end to end: a database written by the store, read back as CSV through the
// command table (in-process) and as a real child process; the errors and their exit statuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { HistoryStore } from '../store/history.js';
import { parseCsv } from '../store/test-support/csv-parse.js';
import { aCharger, aState, tempDir } from '../store/test-support/states.js';
import { capture } from './test-capture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// 2025-06-01 08:00 UTC is 10:00 in Brussels.
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

describe('ampshare export', () => {
  const tmp = tempDir();
  const dataDir = join(tmp.dir, 'data');
  before(() => {
    const store = HistoryStore.open({ dataDir });
    for (let i = 0; i <= 2 * 3600; i += 5) {
      store.record(
        aState({
          atMs: T0 + i * 1000,
          gridPowerW: 3600,
          devices: [
            aCharger({ id: 'car1', vehicleConnected: i < 3600, measuredPowerW: i < 3600 ? 7200 : 0 }),
          ],
        }),
      );
    }
    store.recordEvent({ type: 'meter.error', message: 'CRC mismatch, "0A1F" expected' }, T0);
    store.close();
  });
  after(() => tmp.remove());

  it('writes events to stdout', async () => {
    const { status, out, err } = await capture(['export', '--data-dir', dataDir, '--what', 'events']);
    assert.equal(status, 0, err);
    const rows = parseCsv(out);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]!.slice(3, 5), ['meter.error', 'CRC mismatch, "0A1F" expected']);
  });

  it('writes hour buckets of a local day to a file', async () => {
    const out = join(tmp.dir, 'hours.csv');
    const args = ['--what', 'samples', '--resolution', 'hour', '--from', '2025-06-01', '--to', '2025-06-02'];
    const { status, err } = await capture(['export', '--data-dir', dataDir, ...args, '--out', out]);
    assert.equal(status, 0, err);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    assert.deepEqual(
      rows.slice(1).map((r) => [r[1], r[13], r.at(-1)]),
      [
        // The first cycle has no interval before it; the one at 12:00:00 counts the 5 s before.
        ['2025-06-01 10:00:00', '3.595', '7200'],
        ['2025-06-01 11:00:00', '3.6', '0'],
        ['2025-06-01 12:00:00', '0.005', '0'],
      ],
    );
    assert.equal(rows[0]!.at(-1), 'devicesW.car1');
  });

  it('writes sessions in a range, and nothing outside it', async () => {
    const inRange = await capture([
      'export',
      '--data-dir',
      dataDir,
      '--what',
      'sessions',
      '--from',
      '2025-06-01T07:00:00Z',
    ]);
    assert.equal(inRange.status, 0, inRange.err);
    const rows = parseCsv(inRange.out);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]!.slice(1, 4), ['car1', '2025-06-01T08:00:00.000Z', '2025-06-01T09:00:00.000Z']);
    assert.equal(rows[1]![6], '7.19', '719 intervals of 5 s at 7.2 kW');
    const later = await capture([
      'export',
      '--data-dir',
      dataDir,
      '--what',
      'sessions',
      '--from',
      '2025-06-02',
    ]);
    assert.equal(parseCsv(later.out).length, 1, 'the header alone');
  });

  it('says there is no database, naming the path (exit 1)', async () => {
    const missing = join(tmp.dir, 'nowhere');
    const { status, err } = await capture(['export', '--data-dir', missing, '--what', 'events']);
    assert.equal(status, 1);
    assert.equal(err, `ampshare export: ${join(missing, 'ampshare.db')}: no history database here\n`);
  });

  it('rejects bad options with the usage (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--what is required/],
      [['--what', 'telegrams'], /--what "telegrams": expected samples, sessions, events/],
      [['--what', 'samples', '--resolution', 'week'], /--resolution "week": expected second, minute/],
      [['--what', 'events', '--resolution', 'hour'], /--resolution goes with --what samples/],
      [['--what', 'events', '--from', 'yesterday'], /--from "yesterday" is not an ISO 8601 time/],
      [['--what', 'events', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const { status, err } = await capture(['export', '--data-dir', dataDir, ...args]);
      assert.equal(status, 2, args.join(' '));
      assert.match(err, message);
      assert.match(err, /usage: ampshare export/);
    }
  });

  it('runs as a real process, CSV on stdout', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/dev.ts', 'export', '--data-dir', dataDir, '--what', 'samples'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const rows = parseCsv(result.stdout);
    assert.equal(rows.length, 1 + 121, 'two hours of minutes and the last one');
    assert.equal(rows[1]![0], '2025-06-01T08:00:00.000Z');
  });
});
