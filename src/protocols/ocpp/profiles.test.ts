import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitValue, setChargingProfileV16, setChargingProfileV201, type ProfileSpec } from './profiles.js';

const AMPS = { rateUnit: 'A' as const, stackLevel: 2, voltageV: 230 };
const WATTS = { rateUnit: 'W' as const, stackLevel: 0, voltageV: 230 };
const START = Date.parse('2025-06-01T10:00:00Z');

const live: ProfileSpec = {
  purpose: 'TxProfile',
  connectorId: 2,
  transactionId: '4711',
  startMs: START,
  periods: [{ startS: 0, currentA: 10.26 }],
  durationS: 60,
  phases: 3,
};

describe('limitValue', () => {
  const cases: [number, 1 | 3, typeof AMPS | typeof WATTS, number][] = [
    [10, 3, AMPS, 10],
    [10.26, 3, AMPS, 10.2],
    [6.99, 1, AMPS, 6.9],
    [0, 3, AMPS, 0],
    [-1, 3, AMPS, 0],
    [16, 3, WATTS, 11040],
    [16, 1, WATTS, 3680],
    [7.3, 3, WATTS, 5037],
  ];
  for (const [currentA, phases, units, expected] of cases) {
    it(`${currentA} A × ${phases} in ${units.rateUnit} → ${expected}`, () => {
      assert.equal(limitValue(currentA, phases, units), expected);
    });
  }
});

describe('SetChargingProfile payloads', () => {
  it('1.6 TxProfile: integer transactionId, Absolute from now, duration, numberPhases', () => {
    assert.deepEqual(setChargingProfileV16(live, AMPS), {
      connectorId: 2,
      csChargingProfiles: {
        chargingProfileId: 2002,
        transactionId: 4711,
        stackLevel: 2,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          duration: 60,
          startSchedule: '2025-06-01T10:00:00.000Z',
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 10.2, numberPhases: 3 }],
        },
      },
    });
  });

  it('1.6 TxDefaultProfile: next-session limit, then fail-safe, no transaction, no duration', () => {
    const spec: ProfileSpec = {
      ...live,
      purpose: 'TxDefaultProfile',
      transactionId: null,
      durationS: null,
      periods: [
        { startS: 0, currentA: 12 },
        { startS: 60, currentA: 6 },
      ],
      phases: 1,
    };
    const p = setChargingProfileV16(spec, WATTS);
    assert.equal(p.csChargingProfiles.chargingProfileId, 1002);
    assert.equal('transactionId' in p.csChargingProfiles, false);
    assert.equal('duration' in p.csChargingProfiles.chargingSchedule, false);
    assert.deepEqual(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [
      { startPeriod: 0, limit: 2760, numberPhases: 1 },
      { startPeriod: 60, limit: 1380, numberPhases: 1 },
    ]);
  });

  it('2.0.1 TxProfile: evseId, string transactionId, a chargingSchedule array with an id', () => {
    assert.deepEqual(setChargingProfileV201(live, AMPS), {
      evseId: 2,
      chargingProfile: {
        id: 2002,
        stackLevel: 2,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Absolute',
        transactionId: '4711',
        chargingSchedule: [
          {
            id: 2002,
            startSchedule: '2025-06-01T10:00:00.000Z',
            duration: 60,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 10.2, numberPhases: 3 }],
          },
        ],
      },
    });
  });
});
