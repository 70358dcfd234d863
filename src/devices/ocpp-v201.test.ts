// The OCPP driver with a 2.0.1 station over loopback.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { accepted, closeRigs, iso, limit201, rig, settle, type Profile201 } from './test-support/ocpp-rig.js';

afterEach(closeRigs);

describe('OCPP 2.0.1 charger', () => {
  it('reads SmartChargingCtrlr and phase rotation, sets sampled and aligned data', async () => {
    const r = await rig('ocpp2.0.1');
    const get = await r.station.take<{
      getVariableData: { component: { name: string }; variable: { name: string } }[];
    }>('GetVariables');
    const names = get.getVariableData.map((d) => `${d.component.name}.${d.variable.name}`);
    for (const n of [
      'SmartChargingCtrlr.Enabled',
      'SmartChargingCtrlr.RateUnit',
      'SmartChargingCtrlr.LimitChangeSignificance',
      'ChargingStation.PhaseRotation',
      'EVSE.PhaseRotation',
    ]) {
      assert.ok(names.includes(n), n);
    }
    const set = await r.station.take<{
      setVariableData: { component: { name: string }; variable: { name: string }; attributeValue: string }[];
    }>('SetVariables');
    assert.deepEqual(
      set.setVariableData.map((d) => `${d.component.name}.${d.variable.name}=${d.attributeValue}`),
      [
        'SampledDataCtrlr.TxUpdatedInterval=10',
        'SampledDataCtrlr.TxUpdatedMeasurands=Current.Import,Power.Active.Import,Energy.Active.Import.Register,SoC',
        'AlignedDataCtrlr.Interval=10',
        'AlignedDataCtrlr.Measurands=Current.Import,Power.Active.Import,Energy.Active.Import.Register,SoC',
      ],
    );
  });

  it('limits a TransactionEvent Started session with evseId and a string transactionId', async () => {
    const r = await rig('ocpp2.0.1');
    await r.station.client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: iso(r),
      triggerReason: 'CablePluggedIn',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-201-a', chargingState: 'EVConnected' },
      evse: { id: 1, connectorId: 1 },
    });
    r.driver.apply({ currentA: 10, phases: 3 });
    const p = await r.station.take<Profile201>(
      'SetChargingProfile',
      (p) => p.chargingProfile.chargingProfilePurpose === 'TxProfile' && limit201(p) === 10,
    );
    assert.equal(p.evseId, 1);
    assert.equal(p.chargingProfile.transactionId, 'tx-201-a');
    const schedule = p.chargingProfile.chargingSchedule[0]!;
    assert.equal(schedule.duration, 60);
    assert.equal(schedule.chargingRateUnit, 'A');
    assert.deepEqual(schedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 10, numberPhases: 3 }]);

    r.driver.apply({ currentA: 5.9, phases: 3 });
    await r.station.take<Profile201>('SetChargingProfile', (p) => limit201(p) === 0);

    await r.station.client.call('TransactionEvent', {
      eventType: 'Updated',
      timestamp: iso(r),
      triggerReason: 'MeterValuePeriodic',
      seqNo: 1,
      transactionInfo: { transactionId: 'tx-201-a', chargingState: 'Charging' },
      meterValue: [
        {
          timestamp: iso(r),
          sampledValue: [
            { value: 7.5, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'A' } },
            { value: 7.4, measurand: 'Current.Import', phase: 'L2', unitOfMeasure: { unit: 'A' } },
            { value: 7.3, measurand: 'Current.Import', phase: 'L3', unitOfMeasure: { unit: 'A' } },
            { value: 5.1, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } },
            { value: 42, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
          ],
        },
      ],
    });
    await settle();
    const state = r.driver.state();
    assert.deepEqual(state.measuredA, [7.5, 7.4, 7.3]);
    assert.equal(state.powerW, 5100);
    assert.equal(state.soc, 42);

    await r.station.client.call('TransactionEvent', {
      eventType: 'Ended',
      timestamp: iso(r),
      triggerReason: 'EVDeparted',
      seqNo: 2,
      transactionInfo: { transactionId: 'tx-201-a', stoppedReason: 'EVDisconnected' },
    });
    const next = await r.station.take<Profile201>(
      'SetChargingProfile',
      (p) => p.chargingProfile.chargingProfilePurpose === 'TxDefaultProfile',
    );
    assert.equal(next.chargingProfile.transactionId, undefined);
  });

  it('failsafe() sets fail-safe profiles on the EVSE, the TxProfile with the string transactionId', async () => {
    const r = await rig('ocpp2.0.1');
    await r.station.client.call('TransactionEvent', {
      eventType: 'Started',
      timestamp: iso(r),
      triggerReason: 'Authorized',
      seqNo: 0,
      transactionInfo: { transactionId: 'tx-201-b' },
      evse: { id: 1 },
      idToken: { idToken: 'TAG-1', type: 'ISO14443' },
    });
    r.driver.apply({ currentA: 16, phases: 3 });
    await accepted(r, 16);
    await r.driver.failsafe();
    const profiles = [
      await r.station.take<Profile201>(
        'SetChargingProfile',
        (p) => p.chargingProfile.chargingProfilePurpose === 'TxDefaultProfile' && limit201(p) === 6,
      ),
      await r.station.take<Profile201>(
        'SetChargingProfile',
        (p) =>
          p.chargingProfile.transactionId === 'tx-201-b' &&
          limit201(p) === 6 &&
          p.chargingProfile.chargingSchedule[0]!.duration === undefined,
      ),
    ];
    for (const p of profiles) {
      assert.equal(p.evseId, 1);
      assert.equal(p.chargingProfile.chargingSchedule[0]!.duration, undefined);
    }
  });
});
