// The OCPP driver with a 1.6 station over loopback: configuration, limits, renewal, closed loop,
// disconnects and fail-safe.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  bootV16,
  connectStation,
  DEFAULT_CONFIGURATION_V16,
  meterValuesV16,
} from '../protocols/ocpp/test-support/harness.js';
import {
  accepted,
  closeLater,
  closeRigs,
  iso,
  limitOf,
  rig,
  settle,
  startTransactionV16,
  txDefault,
  txProfile,
  type Profile16,
} from './test-support/ocpp-rig.js';

afterEach(closeRigs);

describe('OCPP 1.6 charger', () => {
  it('reads the configuration after boot and sets the meter values', async () => {
    const r = await rig('ocpp1.6');
    const read = await r.station.take<{ key: string[] }>('GetConfiguration');
    for (const key of [
      'SupportedFeatureProfiles',
      'ChargingScheduleAllowedChargingRateUnit',
      'ConnectorPhaseRotation',
      'ChargeProfileMaxStackLevel',
    ]) {
      assert.ok(read.key.includes(key), key);
    }
    assert.deepEqual(await r.station.take('ChangeConfiguration'), {
      key: 'MeterValueSampleInterval',
      value: '10',
    });
    assert.deepEqual(await r.station.take('ChangeConfiguration'), {
      key: 'MeterValuesSampledData',
      value: 'Current.Import,Power.Active.Import,Energy.Active.Import.Register,SoC',
    });
    // Before any setpoint: the fail-safe TxDefaultProfile, no duration.
    const baseline = await r.station.take<Profile16>('SetChargingProfile');
    assert.equal(baseline.csChargingProfiles.chargingProfilePurpose, 'TxDefaultProfile');
    assert.deepEqual(baseline.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
      { startPeriod: 0, limit: 6, numberPhases: 3 },
    ]);
  });

  it('falls back to fewer measurands when the station refuses SoC', async () => {
    const r = await rig('ocpp1.6', {
      answer: {
        ChangeConfiguration: (p) => ({ status: String(p.value).includes('SoC') ? 'Rejected' : 'Accepted' }),
      },
    });
    await r.station.take('ChangeConfiguration', (p) => p.key === 'MeterValueSampleInterval');
    await r.station.take('ChangeConfiguration', (p) => String(p.value).includes('SoC'));
    assert.deepEqual(await r.station.take('ChangeConfiguration'), {
      key: 'MeterValuesSampledData',
      value: 'Current.Import,Power.Active.Import,Energy.Active.Import.Register',
    });
  });

  it('sends a TxProfile with the live transaction id, one decimal, numberPhases and a 60 s duration', async () => {
    const r = await rig('ocpp1.6');
    const transactionId = await startTransactionV16(r);
    r.driver.apply({ currentA: 10.06, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) !== 6);
    assert.equal(p.connectorId, 1);
    assert.equal(p.csChargingProfiles.transactionId, transactionId);
    assert.equal(p.csChargingProfiles.stackLevel, 3);
    assert.equal(p.csChargingProfiles.chargingSchedule.duration, 60);
    assert.equal(p.csChargingProfiles.chargingSchedule.chargingRateUnit, 'A');
    assert.equal(
      p.csChargingProfiles.chargingSchedule.startSchedule,
      new Date(r.harness.clock.now()).toISOString(),
    );
    assert.deepEqual(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
      { startPeriod: 0, limit: 10, numberPhases: 3 },
    ]);
  });

  it("counts the session's energy from the transaction's meterStart, not the lifetime register", async () => {
    const r = await rig('ocpp1.6');
    const transactionId = await startTransactionV16(r, 1_000_000);
    await r.station.client.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: iso(r),
          sampledValue: [{ value: '1002500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
        },
      ],
    });
    assert.equal(r.driver.state().energyKWh, 2.5);
    await r.station.client.call('StopTransaction', {
      transactionId,
      meterStop: 1_002_600,
      timestamp: iso(r),
    });
    assert.equal(r.driver.state().energyKWh, null, 'no session, no session energy');
  });

  it('pauses (0) instead of sending a limit between 0 and 6 A', async () => {
    const r = await rig('ocpp1.6');
    await startTransactionV16(r);
    r.driver.apply({ currentA: 10, phases: 3 });
    await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) === 10);
    r.driver.apply({ currentA: 4, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) !== 10);
    assert.equal(limitOf(p), 0);
  });

  it('renews the TxProfile at half its duration while the controller keeps asking, then lets it lapse', async () => {
    const r = await rig('ocpp1.6');
    await startTransactionV16(r);
    r.driver.apply({ currentA: 10, phases: 3 });
    const first = await r.station.take<Profile16>(
      'SetChargingProfile',
      (p) => txProfile(p) && limitOf(p) === 10,
    );
    await accepted(r, 10);
    await r.harness.clock.advance(30_000);
    const renewed = await r.station.take<Profile16>('SetChargingProfile', txProfile);
    assert.equal(limitOf(renewed), 10);
    assert.equal(
      Date.parse(renewed.csChargingProfiles.chargingSchedule.startSchedule) -
        Date.parse(first.csChargingProfiles.chargingSchedule.startSchedule),
      30_000,
    );
    // The controller goes quiet: one more renewal (asked 60 s ago, not more), then none.
    await accepted(r, 10);
    await r.harness.clock.advance(30_000);
    await r.station.take<Profile16>('SetChargingProfile', txProfile);
    await accepted(r, 10);
    const before = r.station.calls.items.length;
    await r.harness.clock.advance(30_000);
    // A round trip after the clock moved: any renewal would have been written before its answer.
    await r.station.client.call('Heartbeat', {});
    assert.equal(r.station.calls.items.length, before, 'no renewal once the controller went quiet');
  });

  it('gives the next session its limit in a TxDefaultProfile that falls back to fail-safe', async () => {
    const r = await rig('ocpp1.6');
    await r.station.take<Profile16>('SetChargingProfile', txDefault);
    r.driver.apply({ currentA: 12.5, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', txDefault);
    assert.equal(p.csChargingProfiles.transactionId, undefined);
    assert.equal(p.csChargingProfiles.chargingSchedule.duration, undefined);
    assert.deepEqual(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
      { startPeriod: 0, limit: 12.5, numberPhases: 3 },
      { startPeriod: 60, limit: 6, numberPhases: 3 },
    ]);
  });

  it('converts to W when the station only takes power', async () => {
    const r = await rig('ocpp1.6', {
      configuration: { ...DEFAULT_CONFIGURATION_V16, ChargingScheduleAllowedChargingRateUnit: 'Power' },
    });
    await startTransactionV16(r);
    r.driver.apply({ currentA: 10, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) > 5000);
    assert.equal(p.csChargingProfiles.chargingSchedule.chargingRateUnit, 'W');
    assert.equal(limitOf(p), 6900);
  });

  it('takes the phase rotation from the station for phases: auto and maps measurements onto site phases', async () => {
    const r = await rig('ocpp1.6', {
      device: { phases: 'auto' },
      configuration: { ...DEFAULT_CONFIGURATION_V16, ConnectorPhaseRotation: '1.STR' },
    });
    const tx = await startTransactionV16(r);
    await r.station.client.call('MeterValues', {
      ...meterValuesV16(1, [10, 5, 0], iso(r)),
      transactionId: tx,
    });
    await r.harness.event('ocpp.transactionStarted');
    await settle();
    const state = r.driver.state();
    assert.deepEqual(state.phases, ['L2', 'L3', 'L1']);
    assert.deepEqual(state.measuredA, [0, 10, 5]);
    assert.equal(state.available, true);
    assert.equal(state.vehicleConnected, true);
  });

  it('flags a station that keeps drawing 16 A past the grace after a 6 A limit, and clears it', async () => {
    const r = await rig('ocpp1.6');
    await startTransactionV16(r);
    r.driver.apply({ currentA: 16, phases: 3 });
    await accepted(r, 16);
    await r.harness.clock.advance(5_000);
    r.driver.apply({ currentA: 6, phases: 3 });
    await accepted(r, 6);
    await r.harness.clock.advance(10_000);
    await r.station.client.call('MeterValues', meterValuesV16(1, [16, 16, 16], iso(r)));
    await settle();
    assert.notEqual(r.driver.state().follows, false, 'still inside the grace period');
    await r.harness.clock.advance(25_000);
    await r.station.client.call('MeterValues', meterValuesV16(1, [16, 16, 16], iso(r)));
    const flagged = await r.deviceEvents.take((e) => e.type === 'device.ignoresLimit', 'ignoresLimit');
    assert.deepEqual(flagged.type === 'device.ignoresLimit' && [flagged.limitA, flagged.measuredA], [6, 16]);
    const state = r.driver.state();
    assert.equal(state.follows, false);
    assert.match(state.reason ?? '', /draws 16\.0 A against a limit of 6\.0 A/);
    assert.deepEqual(state.measuredA, [16, 16, 16]);
    await r.station.client.call('MeterValues', meterValuesV16(1, [6, 6, 5.5], iso(r)));
    await r.deviceEvents.take((e) => e.type === 'device.followsLimit', 'followsLimit');
    assert.equal(r.driver.state().follows, true);
  });

  it('keeps a disconnected station at its last limit until the profile would have expired', async () => {
    const r = await rig('ocpp1.6');
    await startTransactionV16(r);
    r.driver.apply({ currentA: 12, phases: 3 });
    await accepted(r, 12);
    await r.station.close();
    await r.harness.event('ocpp.disconnected');
    let state = r.driver.state();
    assert.equal(state.connected, false);
    assert.equal(state.available, false);
    assert.equal(state.heldA, 12);
    await r.harness.clock.advance(59_000);
    assert.equal(r.driver.state().heldA, 12);
    await r.harness.clock.advance(1_000);
    state = r.driver.state();
    assert.equal(state.heldA, 6, 'fail-safe after the duration');
  });

  it('failsafe() sets fail-safe profiles without a duration', async () => {
    const r = await rig('ocpp1.6');
    const transactionId = await startTransactionV16(r);
    r.driver.apply({ currentA: 16, phases: 3 });
    await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) === 16);
    const report = await r.harness.csms.failsafe();
    assert.deepEqual(report, { connectors: 1, failed: 0 });
    const def = await r.station.take<Profile16>('SetChargingProfile', txDefault);
    const tx = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) === 6);
    assert.equal(tx.csChargingProfiles.transactionId, transactionId);
    for (const p of [def, tx]) {
      assert.equal(p.csChargingProfiles.chargingSchedule.duration, undefined);
      assert.deepEqual(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
        { startPeriod: 0, limit: 6, numberPhases: 3 },
      ]);
    }
  });

  it('sends the limit again when the station reconnects; learns a running session from its meter values', async () => {
    const r = await rig('ocpp1.6');
    const transactionId = await startTransactionV16(r);
    r.driver.apply({ currentA: 12, phases: 3 });
    await accepted(r, 12);
    await r.station.close();
    await r.harness.event('ocpp.disconnected');
    r.driver.apply({ currentA: 12, phases: 3 });
    const again = await connectStation(r.harness.url, 'CP-1', { protocol: 'ocpp1.6' });
    closeLater(() => again.close());
    // A reboot ends what ran before: the limit goes into the TxDefaultProfile for the next session.
    await bootV16(again);
    const def = await again.take<Profile16>('SetChargingProfile', txDefault);
    assert.equal(limitOf(def), 12);
    assert.equal(r.driver.state().connected, true);
    // The station carried on with its session after all (1.6 MeterValues carry the transactionId).
    await again.client.call('MeterValues', { ...meterValuesV16(1, [12, 12, 12], iso(r)), transactionId });
    const p = await again.take<Profile16>('SetChargingProfile', txProfile);
    assert.equal(p.csChargingProfiles.transactionId, transactionId);
    assert.equal(limitOf(p), 12);
  });

  it('quirk txDefaultOnly: the limit rides in the TxDefaultProfile, also during a session', async () => {
    const r = await rig('ocpp1.6', { csms: { stations: { 'CP-1': { quirks: { txDefaultOnly: true } } } } });
    await r.station.take<Profile16>('SetChargingProfile', txDefault);
    await r.station.client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'T',
      meterStart: 0,
      timestamp: iso(r),
    });
    r.driver.apply({ currentA: 9, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => limitOf(p) === 9);
    assert.equal(p.csChargingProfiles.chargingProfilePurpose, 'TxDefaultProfile');
    assert.deepEqual(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
      { startPeriod: 0, limit: 9, numberPhases: 3 },
      { startPeriod: 60, limit: 6, numberPhases: 3 },
    ]);
    assert.equal(
      r.station.calls.has((c) => c.method === 'SetChargingProfile' && txProfile(c.params as Profile16)),
      false,
    );
  });
});
