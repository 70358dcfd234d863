// The live demo itself, in real time for a dozen seconds: the real controller with its central
// system, the two simulated stations over real OCPP, the simulated meter's telegrams through the
// real decoder, the heat pump through the sim driver, and the dashboard's HTTP server.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, it } from 'node:test';
import { Recorder } from '../../protocols/ocpp/test-support/harness.js';
import { systemClock, type Clock } from '../../model/clock.js';
import { EventBus, type AmpshareEvent, type EventOf, type EventType } from '../../runtime/events.js';
import { startLiveDemo } from './demo.js';

const RUN_MS = 12_000;
/**
 * The demo's house lives in the local time of its clock: its load, the sun and the quarter hour
 * depend on the hour. The test runs it in real time from a fixed instant (a June day, 13:00:05 in
 * Amsterdam), so that what it waits for (car1 above its minimum) does not depend on when CI runs:
 * at 07:16 on a November morning the 9 kW quarter-hour target held car1 at 6 A.
 */
const START_MS = Date.parse('2026-06-15T11:00:05Z');
const FUSE_A = 25;

/** A GET without keep-alive, so no pooled socket outlives the test. */
function fetchJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    }).on('error', reject);
  });
}

describe('ampshare demo, live', () => {
  it('runs the simulated house through the real pipeline and stops cleanly', async () => {
    const events = new Recorder<AmpshareEvent>();
    const bus = new EventBus((error) => assert.fail(`a listener failed: ${String(error)}`));
    bus.onAny((e) => events.push(e));
    const event = <K extends EventType>(type: K, match: (e: EventOf<K>) => boolean, timeoutMs = 8000) =>
      events.take((e) => e.type === type && match(e as EventOf<K>), type, timeoutMs) as Promise<EventOf<K>>;
    const handlesBefore = new Set(process.getActiveResourcesInfo());

    const startedMs = Date.now();
    const offsetMs = START_MS - Date.now();
    const clock: Clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
    const demo = await startLiveDemo({ httpPort: 0, seed: 1, bus, clock });
    let worstA = 0;
    let seconds = 0;
    demo.world.onStep((s) => {
      seconds++;
      worstA = Math.max(worstA, ...s.currentA.map(Math.abs));
    });
    try {
      assert.match(demo.url, /^http:\/\/localhost:\d+$/);
      await event('ocpp.booted', (e) => e.stationId === 'CP-1');
      await event('ocpp.booted', (e) => e.stationId === 'CP-2');
      await event('ocpp.transactionStarted', (e) => e.stationId === 'CP-1');
      // car1's session: first the fail-safe TxProfile, then the controller's own setpoints.
      await event('ocpp.limitAccepted', (e) => e.stationId === 'CP-1' && e.purpose === 'TxProfile');
      const setpoint = await event('device.setpoint', (e) => e.deviceId === 'car1' && e.setpointA > 6);
      await event(
        'ocpp.limitAccepted',
        (e) => e.stationId === 'CP-1' && e.purpose === 'TxProfile' && e.currentA === setpoint.setpointA,
      );
      await event('device.setpoint', (e) => e.deviceId === 'heatpump' && e.setpointA > 0);

      const state = await fetchJson(`${demo.url}/api/state`);
      assert.equal(state.status, 200);
      const devices = (state.body as { devices: { id: string }[] }).devices.map((d) => d.id);
      assert.deepEqual(devices, ['heatpump', 'car1', 'car2']);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, RUN_MS - (Date.now() - startedMs))));
    } finally {
      await demo.stop();
    }

    const telegramCycles = events.items.filter(
      (e) => e.type === 'cycle.completed' && e.trigger === 'telegram',
    );
    assert.ok(telegramCycles.length >= RUN_MS / 1000 - 3, `${telegramCycles.length} telegram cycles`);
    // Every telegram the meter wrote was decoded into a reading and ran a cycle (the last may be in flight).
    assert.ok(telegramCycles.length >= demo.meter.telegrams - 1, `${demo.meter.telegrams} telegrams written`);
    assert.deepEqual(
      events.items.filter(
        (e) => e.type === 'meter.error' || e.type === 'meter.stale' || e.type === 'cycle.failed',
      ),
      [],
    );
    assert.ok(seconds >= RUN_MS / 1000 - 2, `${seconds} simulated seconds`);
    assert.ok(worstA <= FUSE_A, `a phase carried ${worstA.toFixed(1)} A`);
    const confirmed = events.items.find((e) => e.type === 'failsafe.confirmed');
    assert.deepEqual(confirmed?.type === 'failsafe.confirmed' && confirmed.devices, ['car1', 'car2']);

    // Nothing of the demo is left running: no sockets, servers or timers it opened.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const left = process.getActiveResourcesInfo().filter((h) => !handlesBefore.has(h) && h !== 'Timeout');
    assert.deepEqual(left, []);
  });
});
