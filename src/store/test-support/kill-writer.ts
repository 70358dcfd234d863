// The child of the kill -9 test: opens the store in argv[2] and records one state a second of fake
// time from index argv[3] on, as fast as it can, printing each index once its cycle committed.
// A line is written only after its commit returned, so a printed index is a committed one (stdout
// to a pipe is synchronous on Linux; fs.writeSync would fail with EAGAIN on a full pipe).
import { HistoryStore } from '../history.js';
import { KILL_CAR_W, KILL_T0 } from './kill-spec.js';
import { aCharger, aState } from './states.js';

const [dataDir, from] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: kill-writer.ts DATA_DIR [FIRST_INDEX]');
const store = HistoryStore.open({ dataDir });
let i = Number(from ?? 0);

function burst(): void {
  for (let k = 0; k < 25; k++, i++) {
    store.record(
      aState({
        atMs: KILL_T0 + i * 1000,
        gridPowerW: 1000 + i,
        devices: [aCharger({ id: 'car1', vehicleConnected: true, measuredPowerW: KILL_CAR_W })],
      }),
    );
    if (i % 97 === 0)
      store.recordEvent({ type: 'allocator.warning', message: `cycle ${i}` }, KILL_T0 + i * 1000);
    process.stdout.write(`${i}\n`);
  }
  setImmediate(burst);
}
burst();
