import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Watchdog, clockTime, describeSilence } from './watchdog.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const dsmr5 = (second: number): { timestamp: string; version: string } => ({
  timestamp: new Date(T0 + second * 1000).toISOString(),
  version: '50',
});

describe('watchdog', () => {
  it('waits three default periods (10 s) before it knows the meter', () => {
    const dog = new Watchdog(T0);
    assert.equal(dog.check(T0 + 29_999), null);
    assert.deepEqual(dog.check(T0 + 31_000), { kind: 'silent', silentMs: 31_000, periodMs: 10_000 });
  });

  it('says it once per silence, and says when telegrams come back', () => {
    const dog = new Watchdog(T0);
    assert.equal(dog.check(T0 + 31_000)?.kind, 'silent');
    assert.equal(dog.check(T0 + 45_000), null);
    assert.deepEqual(dog.telegram(T0 + 46_000, dsmr5(46)), {
      kind: 'recovered',
      silentMs: 46_000,
      periodMs: 1000,
    });
    assert.equal(dog.telegram(T0 + 47_000, dsmr5(47)), null);
    assert.equal(dog.check(T0 + 49_500), null);
    assert.equal(dog.check(T0 + 50_000)?.kind, 'silent');
  });

  it('learns the period from the meter timestamps, ignoring a missed telegram', () => {
    const dog = new Watchdog(T0);
    const tenSeconds = (s: number): { timestamp: string; version: string } => ({
      ...dsmr5(s),
      version: '42',
    });
    dog.telegram(T0, tenSeconds(0));
    assert.equal(dog.periodMs, 10_000);
    dog.telegram(T0 + 10_000, tenSeconds(10));
    dog.telegram(T0 + 30_000, tenSeconds(30));
    assert.equal(dog.periodMs, 10_000);
    assert.equal(dog.check(T0 + 59_000), null);
    assert.equal(dog.check(T0 + 60_000)?.kind, 'silent');
  });

  it('uses 1 s for DSMR 5 before two timestamps are in', () => {
    const dog = new Watchdog(T0);
    dog.telegram(T0, { timestamp: null, version: '50' });
    assert.equal(dog.periodMs, 1000);
    assert.equal(dog.check(T0 + 3000)?.kind, 'silent');
  });

  it('describes what it is waiting on', () => {
    const base = { source: 'tcp 127.0.0.1:2323', bytesSinceTelegram: 0, sinceAt: T0, now: T0 + 31_000 };
    assert.equal(
      describeSilence({ ...base, silentMs: 31_000, status: { state: 'connected' }, statusAt: T0 }),
      `no telegram for 31 s from tcp 127.0.0.1:2323 (connected, 0 bytes since ${clockTime(T0)})`,
    );
    const waiting = { state: 'waiting', error: 'ECONNREFUSED', retryInMs: 5000 } as const;
    assert.equal(
      describeSilence({ ...base, silentMs: 31_000, status: waiting, statusAt: T0 + 30_200 }),
      'no telegram for 31 s from tcp 127.0.0.1:2323 (not connected: ECONNREFUSED, retry in 4.2 s)',
    );
  });
});
