// A cycle whose transaction fails (a full disk) leaves nothing behind, and the store carries on
// from what the file holds rather than from what memory had already moved to.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HistoryStore } from './history.js';
import { aCharger, aState, tempDir } from './test-support/states.js';

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);

describe('a cycle that fails to commit', () => {
  it('is rolled back whole, and the next cycles carry on from what the file holds', () => {
    const tmp = tempDir();
    const store = HistoryStore.open({ dataDir: tmp.dir });
    const car = aCharger({ id: 'car', vehicleConnected: true, measuredPowerW: 3600 });
    try {
      for (let i = 0; i < 60; i++)
        store.record(aState({ atMs: T0 + i * 1000, gridPowerW: 100 + i, devices: [car] }));
      const other = new Database(join(tmp.dir, 'ampshare.db'));
      other.exec(
        `CREATE TRIGGER full BEFORE INSERT ON samples_minute BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
      );
      assert.throws(
        () => store.record(aState({ atMs: T0 + 60_000, gridPowerW: 0, devices: [car] })),
        /ampshare\.db: cycle 0 not stored: disk full/,
      );
      other.exec('DROP TRIGGER full');
      other.close();
      for (let i = 61; i < 121; i++)
        store.record(aState({ atMs: T0 + i * 1000, gridPowerW: 0, devices: [car] }));
      const [minute] = store.history('minute', T0, T0 + 60_000);
      assert.equal(minute!.importW, 100 + 59 / 2, 'the first minute, closed later');
      assert.equal(
        store.history('second', T0 + 60_000, T0 + 61_000).length,
        0,
        'the failed cycle left nothing',
      );
      const [session] = store.sessions(T0, T0 + 1);
      assert.equal(session!.endMs, null);
      // 119 of the 120 seconds: the failed cycle's second went with it.
      assert.ok(Math.abs(session!.energyKWh - (3600 * 119) / 3_600_000) < 1e-9, `${session!.energyKWh} kWh`);
    } finally {
      store.close();
      tmp.remove();
    }
  });
});
