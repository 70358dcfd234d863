// The simulated station over real OCPP against ampshare's own central system on loopback (strict
// validation both ways), 1.6 and 2.0.1: boot, configuration, a session, the central system's
// profiles and what the car then draws, the end of the session, and a restarted central system.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ConnectorHandle } from '../../protocols/ocpp/connector-handle.js';
import { startCsms, type Harness } from '../../protocols/ocpp/test-support/harness.js';
import { silentLogger } from '../../runtime/log.js';
import { SimCar } from '../devices.js';
import { seededRandom } from '../random.js';
import { SimStation } from './station.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function site(protocol: 'ocpp1.6' | 'ocpp2.0.1', phases: 1 | 3 = 3) {
  const h = await startCsms({ meterValueIntervalS: 5 });
  cleanup.push(() => h.close());
  const handle: ConnectorHandle = h.csms.connector('CP-1', 1, {
    failsafeA: 6,
    phases,
    voltageV: 230,
    profileDurationS: 60,
  });
  cleanup.push(async () => handle.release());
  const station = new SimStation({
    id: 'CP-1',
    protocol,
    phases,
    rotation: phases === 3 ? 'RST' : 'SRT',
    maxA: 16,
    voltageV: 230,
    clock: h.clock,
    log: silentLogger,
  });
  cleanup.push(() => station.stop());
  station.start(h.url);
  await h.event('ocpp.booted');
  await h.event('ocpp.configured');
  return { h, handle, station };
}

const car = (phases: 1 | 3) =>
  new SimCar({
    id: 'car',
    phases,
    onboardMaxA: 16,
    responseDelayS: 2,
    energyWantedKWh: 20,
    voltageV: 230,
    random: seededRandom(1),
  });

/** Waits (real time) until the station has heard back, e.g. its transaction id. */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(ok(), what);
}

/** Simulated seconds: the clock moves, the station steps, its messages go out. */
async function seconds(h: Harness, station: SimStation, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await h.clock.advance(1000);
    station.step(Math.floor(h.clock.now() / 1000));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  describe(`simulated station, ${protocol}`, () => {
    it('runs a session under the central system’s TxProfile and falls back to its default when it runs out', async () => {
      const { h, handle, station } = await site(protocol);
      // Before any session, the central system's fail-safe TxDefaultProfile.
      await h.event('ocpp.limitAccepted', (e) => e.purpose === 'TxDefaultProfile');
      station.plugIn({ car: car(3), idTag: 'CAR1', energyWantedKWh: 20 });
      await seconds(h, station, 1);
      await h.event('ocpp.transactionStarted');
      await until('the transaction id', () => station.transaction !== null);

      handle.setLimit({ currentA: 10, phases: 3 });
      await h.event('ocpp.limitAccepted', (e) => e.purpose === 'TxProfile' && e.currentA === 10);
      assert.deepEqual(
        { ...station.limitInForce(), profileId: undefined },
        { currentA: 10, purpose: 'TxProfile', profileId: undefined },
      );
      // Past the TxProfile's 60 s duration (unrenewed), the station is at the default's fail-safe 6 A.
      assert.equal(station.limitInForce(h.clock.now() + 60_000)?.purpose, 'TxDefaultProfile');
      assert.equal(station.limitInForce(h.clock.now() + 60_000)?.currentA, 6);

      await seconds(h, station, 6);
      assert.equal(station.offeredA, 10);
      assert.deepEqual(station.drawA, [9.5, 9.5, 9.5]); // the car takes ~95 % of the offer
      assert.equal(station.status, 'Charging');
      const meter = () => h.csms.station('CP-1')?.connectors.get(1)?.meter;
      assert.deepEqual(meter()?.currentA, [9.5, 9.5, 9.5], 'MeterValues with Current.Import per phase');
      assert.ok((meter()?.powerW ?? 0) > 6000);

      handle.setLimit({ currentA: 0, phases: 3 });
      await h.event('ocpp.limitAccepted', (e) => e.purpose === 'TxProfile' && e.currentA === 0);
      await seconds(h, station, 3);
      assert.equal(station.status, 'SuspendedEVSE');
      assert.deepEqual(station.drawA, [0, 0, 0]);

      station.unplug();
      await seconds(h, station, 1);
      await h.event('ocpp.transactionEnded');
      assert.equal(station.transaction, null);
      assert.ok(station.profiles.profiles.every((p) => p.purpose !== 'TxProfile'));
      await until('Available', () => h.csms.station('CP-1')?.connectors.get(1)?.status === 'Available');
    });

    it('reconnects to a restarted central system and carries on with its session', async () => {
      const { h, station } = await site(protocol);
      station.plugIn({ car: car(3), idTag: 'CAR1', energyWantedKWh: 20 });
      await seconds(h, station, 1);
      const started = await h.event('ocpp.transactionStarted');
      await until('the transaction id', () => station.transaction !== null);
      const port = Number(new URL(h.url).port);
      await h.close();

      const again = await startCsms({ port, meterValueIntervalS: 5 }, h.clock);
      cleanup.push(() => again.close());
      again.csms.connector('CP-1', 1, { failsafeA: 6, phases: 3, voltageV: 230, profileDurationS: 60 });
      // ocpp-rpc's own reconnect: about a second (with jitter) after the connection dropped.
      await again.events.take((e) => e.type === 'ocpp.connected', 'the station reconnecting', 5000);
      await seconds(again, station, 6);
      const resumed = await again.event('ocpp.transactionStarted');
      assert.equal(resumed.transactionId, started.transactionId, 'the same session, from its meter values');
      assert.equal(
        again.events.has((e) => e.type === 'ocpp.booted'),
        false,
        'no reboot',
      );
    });
  });
}

describe('simulated station, configuration', () => {
  it('refuses a measurand it cannot sample, so the central system settles for currents, power and energy', async () => {
    const { station } = await site('ocpp1.6');
    assert.equal(station.settings.change('MeterValuesSampledData', 'Current.Import,SoC'), 'Rejected');
    assert.equal(
      station.settings.get('MeterValuesSampledData'),
      'Current.Import,Power.Active.Import,Energy.Active.Import.Register',
    );
    assert.equal(station.settings.sampleIntervalS(), 5, 'MeterValueSampleInterval from the central system');
    assert.equal(station.settings.change('ChargeProfileMaxStackLevel', '9'), 'Rejected');
    assert.equal(station.settings.change('NoSuchKey', '1'), 'Unknown');
  });

  it('a 1-phase 2.0.1 EVSE on L2 reports its rotation and one phase', async () => {
    const { h, station } = await site('ocpp2.0.1', 1);
    assert.equal(station.settings.get('EVSE[1].PhaseRotation'), 'SRT');
    assert.equal(h.csms.station('CP-1')?.capabilities.rotations.get(1), 'SRT');
    assert.equal(station.settings.get('SampledDataCtrlr.TxUpdatedInterval'), '5');
  });
});
