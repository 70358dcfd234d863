// apply() on the OCPP driver → the SetChargingProfile frame arriving at the station's socket, over
// loopback, for 1, 10 and 100 stations (OCPP 1.6, strict validation on both ends, one transaction
// each so every limit is a TxProfile). One "cycle" applies a new limit to every station, as the
// controller does per telegram, and each station's latency is measured from the start of that
// cycle. Stations and CSMS share this process (and its CPU), so these are upper bounds.
import { performance } from 'node:perf_hooks';
import { RPCClient } from '../src/protocols/ocpp/rpc-lib.js';
import { OcppCharger, ocppDriverConfigSchema } from '../src/devices/ocpp.js';
import { csmsConfigSchema } from '../src/protocols/ocpp/config.js';
import type { OcppClock, OcppEvent } from '../src/protocols/ocpp/context.js';
import { Csms } from '../src/protocols/ocpp/csms.js';
import type { BenchResult } from './types.js';

const clock: OcppClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    }),
};
const quiet = { debug() {}, info() {}, warn() {} };

async function measure(stations: number, cycles: number): Promise<number[]> {
  let onAccepted: () => void = () => {};
  const emit = (e: OcppEvent) => {
    if (e.type === 'ocpp.limitAccepted' && e.purpose === 'TxProfile') onAccepted();
  };
  const csms = new Csms(
    csmsConfigSchema.parse({ host: '127.0.0.1', port: 0, acceptUnknown: true, bootWaitS: 60 }),
    {
      log: quiet,
      emit,
      clock,
    },
  );
  const port = await csms.listen();
  const drivers: OcppCharger[] = [];
  const clients: RPCClient[] = [];
  let cycleStart = 0;
  const latencies: number[] = [];
  try {
    for (let i = 0; i < stations; i++) {
      const id = `BENCH-${i}`;
      drivers.push(
        new OcppCharger(
          ocppDriverConfigSchema.parse({ id, stationId: id, phases: ['L1', 'L2', 'L3'], maxA: 32 }),
          { log: quiet, emit() {}, clock, ocpp: csms },
        ),
      );
      const client = new RPCClient({
        endpoint: `ws://127.0.0.1:${port}`,
        identity: id,
        protocols: ['ocpp1.6'],
        strictMode: true,
        reconnect: false,
      });
      client.on('message', (e) => {
        const { message, outbound } = e as { message: Buffer | string; outbound: boolean };
        if (!outbound && String(message).includes('"TxProfile"'))
          latencies.push(performance.now() - cycleStart);
      });
      client.handle('GetConfiguration', () => ({ configurationKey: [], unknownKey: [] }));
      client.handle('ChangeConfiguration', () => ({ status: 'Accepted' }));
      client.handle('SetChargingProfile', () => ({ status: 'Accepted' }));
      await client.connect();
      await client.call('BootNotification', { chargePointVendor: 'bench', chargePointModel: 'bench' });
      clients.push(client);
    }
    await waitFor(() => drivers.every((d) => d.state().connected));
    for (const client of clients) {
      await client.call('StartTransaction', {
        connectorId: 1,
        idTag: 'B',
        meterStart: 0,
        timestamp: new Date().toISOString(),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    latencies.length = 0;
    for (let cycle = 0; cycle < cycles + 1; cycle++) {
      let accepted = 0;
      const done = new Promise<void>((resolve) => {
        onAccepted = () => {
          if (++accepted === stations) resolve();
        };
      });
      cycleStart = performance.now();
      for (const driver of drivers) driver.apply({ currentA: cycle % 2 === 0 ? 10 : 11, phases: 3 });
      await done;
      if (cycle === 0) latencies.length = 0; // warm-up
    }
    return latencies;
  } finally {
    for (const d of drivers) await d.close();
    for (const c of clients) await c.close({ force: true });
    await csms.close();
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('stations did not become ready');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [stations, cycles] of [
    [1, 2000],
    [10, 500],
    [100, 100],
  ] as const) {
    const sorted = (await measure(stations, cycles)).sort((a, b) => a - b);
    const label = `ocpp apply → SetChargingProfile frame, ${stations} station${stations > 1 ? 's' : ''}`;
    results.push({ name: `${label} p50`, value: percentile(sorted, 50), unit: 'ms' });
    results.push({
      name: `${label} p99`,
      value: percentile(sorted, 99),
      unit: 'ms',
      goal: '≤ 20 (whole telegram path)',
    });
  }
  return results;
}
