// Which profile is in force at a simulated station, fed with the very payloads ampshare's central
// system sends (src/protocols/ocpp/profiles.ts), on a fake clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  setChargingProfileV16,
  setChargingProfileV201,
  type ProfileSpec,
  type ProfileUnits,
} from '../../protocols/ocpp/profiles.js';
import { FakeClock } from '../../protocols/ocpp/test-support/fake-clock.js';
import { ProfileStore, type RunningTransaction, type StationProfile } from './profiles.js';
import { profileV16 } from './station-v16.js';
import { profileV201 } from './station-v201.js';

const AMPS: ProfileUnits = { rateUnit: 'A', stackLevel: 3, voltageV: 230 };
const store = (phases: 1 | 3 = 3) =>
  new ProfileStore({ connectors: 1, maxStackLevel: 3, voltageV: 230, phases });

/** A profile as the central system writes it, through the 1.6 wire format. */
function v16(clock: FakeClock, spec: Partial<ProfileSpec>, units = AMPS): StationProfile {
  const full: ProfileSpec = {
    purpose: 'TxProfile',
    connectorId: 1,
    transactionId: '42',
    startMs: clock.now(),
    periods: [{ startS: 0, currentA: 10 }],
    durationS: 60,
    phases: 3,
    ...spec,
  };
  return profileV16(setChargingProfileV16(full, units) as never, clock.now());
}

/** The central system's TxDefaultProfile: the limit for `durationS`, then the fail-safe current for ever. */
const txDefault = (clock: FakeClock, limitA: number, failsafeA: number) =>
  v16(clock, {
    purpose: 'TxDefaultProfile',
    transactionId: null,
    durationS: null,
    periods: [
      { startS: 0, currentA: limitA },
      { startS: 60, currentA: failsafeA },
    ],
  });

describe('simulated station: the profile in force', () => {
  it('offers nothing of its own without a profile, the TxDefaultProfile with one', () => {
    const clock = new FakeClock();
    const s = store();
    assert.equal(s.limitAt(clock.now(), 1, null), null);
    assert.equal(s.set(txDefault(clock, 12, 6), null).status, 'Accepted');
    assert.deepEqual(s.limitAt(clock.now(), 1, null), {
      currentA: 12,
      purpose: 'TxDefaultProfile',
      profileId: 1001,
    });
  });

  it('prefers the TxProfile while it lasts, then falls back to the default profile’s fail-safe', async () => {
    const clock = new FakeClock();
    const s = store();
    const running: RunningTransaction = { transactionId: '42', startMs: clock.now() };
    s.set(txDefault(clock, 12, 6), running);
    assert.equal(s.set(v16(clock, { periods: [{ startS: 0, currentA: 9.5 }] }), running).status, 'Accepted');
    assert.equal(s.limitAt(clock.now(), 1, running)?.currentA, 9.5);
    await clock.advance(59_000);
    assert.equal(s.limitAt(clock.now(), 1, running)?.purpose, 'TxProfile');
    await clock.advance(1_000); // the TxProfile's duration is over: the dead-man switch
    assert.deepEqual(s.limitAt(clock.now(), 1, running), {
      currentA: 6,
      purpose: 'TxDefaultProfile',
      profileId: 1001,
    });
  });

  it('rejects a TxProfile without the transaction it names (1.6 §5.16, 2.0.1 K01)', () => {
    const clock = new FakeClock();
    const s = store();
    assert.equal(s.set(v16(clock, {}), null).status, 'Rejected');
    assert.equal(s.set(v16(clock, {}), { transactionId: '7', startMs: 0 }).status, 'Rejected');
    assert.equal(
      s.set(v16(clock, { connectorId: 0 }), { transactionId: '42', startMs: 0 }).status,
      'Rejected',
    );
    assert.equal(s.profiles.length, 0);
  });

  it('forgets the TxProfile when the transaction ends', () => {
    const clock = new FakeClock();
    const s = store();
    const running = { transactionId: '42', startMs: clock.now() };
    s.set(txDefault(clock, 12, 6), running);
    s.set(v16(clock, {}), running);
    s.endTransaction(1);
    assert.deepEqual(
      s.profiles.map((p) => p.purpose),
      ['TxDefaultProfile'],
    );
  });

  it('lets the highest stack level with a period in force win, and the next one take over after it', async () => {
    const clock = new FakeClock();
    const s = store();
    const running = { transactionId: '42', startMs: clock.now() };
    s.set(v16(clock, { durationS: 120 }, { ...AMPS, stackLevel: 1 }), running);
    const high = v16(
      clock,
      { durationS: 30, periods: [{ startS: 0, currentA: 7 }] },
      { ...AMPS, stackLevel: 2 },
    );
    s.set({ ...high, id: 5 }, running);
    assert.equal(s.limitAt(clock.now(), 1, running)?.currentA, 7);
    await clock.advance(30_000);
    assert.equal(s.limitAt(clock.now(), 1, running)?.currentA, 10);
    assert.equal(s.set(v16(clock, {}, { ...AMPS, stackLevel: 4 }), running).status, 'Rejected');
  });

  it('replaces a profile with the same id, or the same purpose and stack level', () => {
    const clock = new FakeClock();
    const s = store();
    const running = { transactionId: '42', startMs: clock.now() };
    s.set(v16(clock, {}), running);
    s.set(v16(clock, { periods: [{ startS: 0, currentA: 8 }] }), running);
    s.set({ ...v16(clock, { periods: [{ startS: 0, currentA: 7 }] }), id: 99 }, running);
    assert.deepEqual(
      s.profiles.map((p) => [p.id, p.periods[0]?.limit]),
      [[99, 7]],
    );
  });

  it('takes a connector’s own TxDefaultProfile over the station-wide one, and caps by ChargePointMaxProfile', () => {
    const clock = new FakeClock();
    const s = store();
    s.set({ ...txDefault(clock, 16, 6), connectorId: 0, id: 1 }, null);
    assert.equal(s.limitAt(clock.now(), 1, null)?.currentA, 16);
    s.set(txDefault(clock, 11, 6), null);
    assert.equal(s.limitAt(clock.now(), 1, null)?.currentA, 11);
    const cap = {
      ...txDefault(clock, 8, 8),
      purpose: 'ChargePointMaxProfile' as const,
      connectorId: 0,
      id: 7,
    };
    assert.equal(s.set(cap, null).status, 'Accepted');
    assert.deepEqual(s.limitAt(clock.now(), 1, null), {
      currentA: 8,
      purpose: 'ChargePointMaxProfile',
      profileId: 7,
    });
  });

  it('turns a W limit into amps per phase over the phases in use', () => {
    const clock = new FakeClock();
    const watts: ProfileUnits = { rateUnit: 'W', stackLevel: 0, voltageV: 230 };
    const three = store(3);
    three.set(v16(clock, { purpose: 'TxDefaultProfile', transactionId: null, durationS: null }, watts), null);
    assert.equal(three.limitAt(clock.now(), 1, null)?.currentA, 10); // 6900 W over 3 × 230 V
    const one = store(1);
    one.set(
      v16(clock, { purpose: 'TxDefaultProfile', transactionId: null, durationS: null, phases: 1 }, watts),
      null,
    );
    assert.equal(one.limitAt(clock.now(), 1, null)?.currentA, 10); // 2300 W on 1 × 230 V
  });

  it('counts a Relative schedule from the transaction’s start, and repeats a Recurring one daily', async () => {
    const clock = new FakeClock();
    const s = store();
    const running = { transactionId: '42', startMs: clock.now() - 50_000 };
    const base = v16(clock, { durationS: 60 });
    s.set({ ...base, kind: 'Relative', startMs: null }, running);
    assert.equal(s.limitAt(clock.now(), 1, running)?.currentA, 10);
    await clock.advance(10_000); // 60 s since the transaction started
    assert.equal(s.limitAt(clock.now(), 1, running), null);

    const daily = store();
    const startMs = clock.now() - 86_400_000 - 10_000;
    daily.set({ ...txDefault(clock, 13, 6), kind: 'Recurring', recurrency: 'Daily', startMs }, null);
    assert.equal(daily.limitAt(clock.now(), 1, null)?.currentA, 13); // 10 s into today's repetition
  });

  it('clears by id, or by every criterion given, and says Unknown when nothing matched', () => {
    const clock = new FakeClock();
    const s = store();
    const running = { transactionId: '42', startMs: clock.now() };
    s.set(txDefault(clock, 12, 6), running);
    s.set(v16(clock, {}), running);
    assert.equal(s.clear({ id: 12345 }), 'Unknown');
    assert.equal(s.clear({ purpose: 'TxProfile', stackLevel: 2 }), 'Unknown');
    assert.equal(s.clear({ purpose: 'TxProfile', connectorId: 1 }), 'Accepted');
    assert.equal(s.clear({ id: 1001 }), 'Accepted');
    assert.equal(s.profiles.length, 0);
  });

  it('reads the 2.0.1 payload the same way, and rejects an Absolute one without startSchedule (K01.FR.40)', () => {
    const clock = new FakeClock();
    const spec: ProfileSpec = {
      purpose: 'TxProfile',
      connectorId: 1,
      transactionId: 'tx-1',
      startMs: clock.now(),
      periods: [{ startS: 0, currentA: 7.5 }],
      durationS: 60,
      phases: 1,
    };
    const params = setChargingProfileV201(spec, AMPS) as unknown as Record<string, unknown>;
    const profile = profileV201(params, clock.now());
    assert.ok(profile);
    const s = store(1);
    assert.equal(s.set(profile, { transactionId: 'tx-1', startMs: clock.now() }).status, 'Accepted');
    assert.equal(s.limitAt(clock.now(), 1, { transactionId: 'tx-1', startMs: clock.now() })?.currentA, 7.5);
    const schedule = (params['chargingProfile'] as { chargingSchedule: Record<string, unknown>[] })
      .chargingSchedule[0]!;
    delete schedule['startSchedule'];
    assert.equal(profileV201(params, clock.now()), null);
  });
});
