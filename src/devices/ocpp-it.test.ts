// The OCPP driver on a 3x230 V site without neutral (network: it, as in Belgium): a 1-phase station
// sits between two lines, a 3-phase one draws √3·V·I. What it is sent (numberPhases, W limits) and
// how its measurements map onto the lines.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DEFAULT_CONFIGURATION_V16 } from '../protocols/ocpp/test-support/harness.js';
import {
  closeRigs,
  iso,
  limitOf,
  rig,
  settle,
  startTransactionV16,
  txProfile,
  type Profile16,
} from './test-support/ocpp-rig.js';

afterEach(closeRigs);

describe('OCPP charger on an it network', () => {
  it('on a 3x230 V (it) site, a 1-phase station between two lines gets numberPhases 1 and V·I watts', async () => {
    const r = await rig('ocpp1.6', {
      device: { phases: ['L1', 'L2'], network: 'it' },
      configuration: { ...DEFAULT_CONFIGURATION_V16, ChargingScheduleAllowedChargingRateUnit: 'Power' },
    });
    const tx = await startTransactionV16(r);
    r.driver.apply({ currentA: 10, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) > 1000);
    const [period] = p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod;
    // 10 A between two 230 V lines is 2.3 kW: with numberPhases 3 and 3·230 V/A the station would
    // have been allowed 6.9 kW, 30 A on a line the allocator gave 10.
    assert.deepEqual([period?.numberPhases, period?.limit], [1, 2300]);
    // Its one measured current flows in both lines.
    await r.station.client.call('MeterValues', {
      connectorId: 1,
      transactionId: tx,
      meterValue: [
        {
          timestamp: iso(r),
          sampledValue: [{ value: '9.5', measurand: 'Current.Import', phase: 'L1', unit: 'A' }],
        },
      ],
    });
    await settle();
    assert.deepEqual(r.driver.state().measuredA, [9.5, 9.5, 0]);
  });

  it('on a 3x230 V (it) site, a 3-phase station gets √3·V·I watts and its power reads as √3·V per amp', async () => {
    const r = await rig('ocpp1.6', {
      device: { network: 'it' },
      configuration: { ...DEFAULT_CONFIGURATION_V16, ChargingScheduleAllowedChargingRateUnit: 'Power' },
    });
    const tx = await startTransactionV16(r);
    r.driver.apply({ currentA: 10, phases: 3 });
    const p = await r.station.take<Profile16>('SetChargingProfile', (p) => txProfile(p) && limitOf(p) > 1000);
    const [period] = p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod;
    assert.deepEqual([period?.numberPhases, period?.limit], [3, Math.floor(Math.sqrt(3) * 230 * 10)]);
    await r.station.client.call('MeterValues', {
      connectorId: 1,
      transactionId: tx,
      meterValue: [
        { timestamp: iso(r), sampledValue: [{ value: '3984', measurand: 'Power.Active.Import', unit: 'W' }] },
      ],
    });
    await settle();
    const measured = r.driver.state().measuredA!;
    for (const a of measured) assert.ok(Math.abs(a - 3984 / (Math.sqrt(3) * 230)) < 1e-9, `${a} A`);
  });
});
