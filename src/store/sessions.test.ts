// Charging sessions: start and end by the plug (or by drawing when the station does not report it),
// energy from the measured power, the solar share from what the site did not import, and what a
// restart does to a session that was running.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { LiveDevice } from '../model/live.js';
import { HistoryStore } from './history.js';
import { IDLE_END_MS } from './sessions.js';
import { aCharger, aState, tempDir } from './test-support/states.js';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const S = 1000;

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

describe('charging sessions', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: HistoryStore;
  beforeEach(() => {
    tmp = tempDir();
    store = HistoryStore.open({ dataDir: tmp.dir });
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  const at = (atMs: number, gridPowerW: number | null, ...devices: LiveDevice[]): void =>
    store.record(aState({ atMs, gridPowerW, devices }));
  const car = (
    vehicleConnected: boolean | null,
    measuredPowerW: number | null,
    extra: Partial<LiveDevice> = {},
  ) => aCharger({ id: 'car1', vehicleConnected, measuredPowerW, ...extra });

  it('runs from plug-in to unplug, with energy and solar share computed by hand', () => {
    at(T0, 500, car(false, 0));
    at(T0 + 1 * S, 500, car(true, 0));
    // 20 min each: the site imports all the car's 7.2 kW (solar 0), then imports 3 kW of it
    // (solar 4.2 kW), then exports 1 kW (solar all 7.2 kW). 2.4 kWh each, 3.8 kWh of it solar.
    let t = T0 + 1 * S;
    for (const gridW of [9200, 3000, -1000]) {
      for (let i = 0; i < 1200; i++) at((t += S), gridW, car(true, 7200));
    }
    const [running] = store.sessions(T0, T0 + 86_400_000);
    assert.equal(running!.endMs, null, 'open while the car is plugged in');
    near(running!.energyKWh, 7.2, 'energy so far');
    at((t += S), 500, car(false, 0));
    const [session, ...others] = store.sessions(T0, T0 + 86_400_000);
    assert.equal(others.length, 0);
    assert.equal(session!.deviceId, 'car1');
    assert.equal(session!.startMs, T0 + 1 * S);
    assert.equal(session!.endMs, t);
    near(session!.energyKWh, 7.2, 'energy');
    near(session!.solarShare, 3.8 / 7.2, 'solar share');
    assert.equal(session!.maxPowerW, 7200);
  });

  it('uses the setpoint power of a running charger without a meter; the plug says when', () => {
    at(T0, 0, car(true, null, { status: 'running', powerW: 3600 }));
    for (let i = 1; i <= 3600; i++)
      at(T0 + i * S, 4000, car(true, null, { status: 'running', powerW: 3600 }));
    at(T0 + 3601 * S, 4000, car(true, null, { status: 'paused', powerW: 3600 }));
    const [session] = store.sessions(T0, T0 + 1);
    near(session!.energyKWh, 3.6, 'energy');
    assert.equal(session!.solarShare, 0);
  });

  it('without a plug report: starts when it draws, ends when it has not drawn for a while, at that moment', () => {
    at(T0, 200, car(null, 0));
    for (let i = 1; i <= 600; i++) at(T0 + i * S, 3500, car(null, 3000));
    const stopMs = T0 + 601 * S;
    for (let t = stopMs; t <= stopMs + IDLE_END_MS; t += 60 * S) at(t, 500, car(null, 0));
    const sessions = store.sessions(T0, stopMs + IDLE_END_MS + 1);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.startMs, T0 + 1 * S);
    assert.equal(sessions[0]!.endMs, stopMs);
    near(sessions[0]!.energyKWh, 0.5, 'energy');
  });

  it('shares the solar part between cars by power', () => {
    const cars = (a: number, b: number): LiveDevice[] => [
      aCharger({ id: 'a', vehicleConnected: true, measuredPowerW: a }),
      aCharger({ id: 'b', vehicleConnected: true, measuredPowerW: b }),
    ];
    at(T0, 1500, ...cars(4000, 2000));
    // The site imports 1.5 kW while the cars draw 6 kW: 4.5 kW of it is solar, 3 kW to a, 1.5 kW to b.
    for (let i = 1; i <= 360; i++) at(T0 + i * S, 1500, ...cars(4000, 2000));
    const [a, b] = store.sessions(T0, T0 + 1);
    near(a!.energyKWh, 0.4, 'a energy');
    near(b!.energyKWh, 0.2, 'b energy');
    near(a!.solarShare, 0.75, 'a share');
    near(b!.solarShare, 0.75, 'b share');
  });

  it('counts nothing as solar without a grid reading', () => {
    at(T0, 0, car(true, 7000));
    for (let i = 1; i <= 10; i++) at(T0 + i * S, null, car(true, 7000));
    const [session] = store.sessions(T0, T0 + 1);
    near(session!.energyKWh, (7000 * 10) / 3_600_000, 'energy');
    assert.equal(session!.solarShare, 0);
  });

  it('ends a session whose device left the configuration at its last sample', () => {
    at(T0, 0, car(true, 7000));
    at(T0 + S, 0, car(true, 7000));
    at(T0 + 2 * S, 0);
    assert.equal(store.sessions(T0, T0 + 1)[0]!.endMs, T0 + S);
  });

  it('closes a session cut by a restart at its last sample; a car still plugged in starts a new one', () => {
    for (let i = 0; i <= 60; i++) at(T0 + i * S, -7000, car(true, 7000));
    store.close();
    store = HistoryStore.open({ dataDir: tmp.dir });
    const [cut] = store.sessions(T0, T0 + 86_400_000);
    assert.equal(cut!.endMs, T0 + 60 * S);
    near(cut!.energyKWh, (7000 * 60) / 3_600_000, 'energy before the restart');
    assert.equal(cut!.solarShare, 1);
    at(T0 + 70 * S, -7000, car(true, 7000));
    const after = store.sessions(T0, T0 + 86_400_000);
    assert.equal(after.length, 2);
    assert.deepEqual([after[1]!.startMs, after[1]!.endMs], [T0 + 70 * S, null]);
  });

  it('answers the sessions overlapping a range', () => {
    at(T0, 0, car(true, 7000));
    at(T0 + 10 * S, 0, car(false, 0));
    at(T0 + 20 * S, 0, car(true, 7000));
    assert.equal(store.sessions(T0 + 5 * S, T0 + 6 * S).length, 1);
    assert.equal(store.sessions(T0 + 11 * S, T0 + 19 * S).length, 0);
    assert.equal(store.sessions(T0 + 30 * S, T0 + 40 * S).length, 1, 'the running one');
    assert.equal(store.sessions(0, T0 + 86_400_000).length, 2);
  });
});
