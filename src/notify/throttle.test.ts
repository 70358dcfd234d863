// The throttle with made-up times: debounce per subject, minimum interval, hourly cap, merged
// summaries, recoveries paired with their problem, and drain at stop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Notification } from './kinds.js';
import { aNotification, T0 } from './test-support/builders.js';
import { HOUR_MS, Throttle, throttlePolicy } from './throttle.js';

const at = (s: number): number => T0 + s * 1000;

function throttle(rule: { debounceS?: number; minIntervalS?: number; maxPerHour?: number }): Throttle {
  return new Throttle(throttlePolicy({ debounceS: 0, minIntervalS: 0, maxPerHour: 100, ...rule }));
}

/** Offers each notification and takes at its time; returns what was sent, with when. */
function run(t: Throttle, items: Notification[]): { atMs: number; n: Notification }[] {
  const sent: { atMs: number; n: Notification }[] = [];
  for (const item of items) {
    t.offer(item);
    const n = t.take(item.atMs);
    if (n) sent.push({ atMs: item.atMs, n });
  }
  return sent;
}

describe('Throttle', () => {
  it('without debounce and limits sends each notification as it comes', () => {
    const t = throttle({});
    const sent = run(t, [aNotification('overload', 0), aNotification('failsafe', 1)]);
    assert.deepEqual(
      sent.map((s) => s.n.kind),
      ['overload', 'failsafe'],
    );
    assert.equal(t.nextAtMs(), null);
  });

  it('holds a flapping subject until it has been quiet for debounceS, then sends one summary', () => {
    const t = throttle({ debounceS: 30 });
    const sent = run(t, [
      aNotification('device.paused', 0),
      aNotification('device.resumed', 5),
      aNotification('device.paused', 10),
    ]);
    assert.deepEqual(sent, []);
    assert.equal(t.nextAtMs(), at(40));
    assert.equal(t.take(at(39.999)), null);
    const n = t.take(at(40));
    assert.ok(n);
    assert.equal(n.kind, 'device.paused');
    assert.equal(n.title, 'device car1 device.paused');
    assert.deepEqual(n.counts, { 'device.paused': 2, 'device.resumed': 1 });
    assert.match(n.message, /3 changes in 10 s: 2× device\.paused, 1× device\.resumed/);
    assert.equal(t.nextAtMs(), null);
  });

  it('a single change within the debounce goes out as itself', () => {
    const t = throttle({ debounceS: 30 });
    t.offer(aNotification('device.paused', 0));
    const n = t.take(at(30));
    assert.deepEqual(n, aNotification('device.paused', 0));
  });

  it('tells a subject that never settles after ten debounce periods', () => {
    const t = throttle({ debounceS: 30 });
    for (let s = 0; s <= 400; s += 20) {
      t.offer(aNotification(s % 40 === 0 ? 'device.paused' : 'device.resumed', s));
      const n = t.take(at(s));
      if (s < 300) assert.equal(n, null, `nothing at ${s} s`);
      if (s === 300) assert.equal(n?.counts['device.paused'], 8);
    }
  });

  it('debounces each subject on its own', () => {
    const t = throttle({ debounceS: 10 });
    t.offer(aNotification('device.paused', 0, 'device car1'));
    t.offer(aNotification('device.paused', 8, 'device car2'));
    assert.equal(t.take(at(10))?.subject, 'device car1');
    assert.equal(t.nextAtMs(), at(18));
    assert.equal(t.take(at(18))?.subject, 'device car2');
  });

  it('pairs a recovery with the problem it ends: stale then back within the debounce is one message', () => {
    const t = throttle({ debounceS: 30 });
    t.offer(aNotification('meter.stale', 0, 'meter'));
    t.offer(aNotification('meter.back', 4, 'meter'));
    const n = t.take(at(34));
    assert.equal(n?.kind, 'meter.back');
    assert.deepEqual(n?.counts, { 'meter.stale': 1, 'meter.back': 1 });
  });

  it('sends at most one message per minIntervalS and merges what waited into "and N more"', () => {
    const t = throttle({ minIntervalS: 60 });
    const sent = run(t, [
      aNotification('overload', 0, 'circuit main L1'),
      aNotification('overload', 10, 'circuit main L2'),
      aNotification('failsafe', 20, 'failsafe meter'),
    ]);
    assert.deepEqual(
      sent.map((s) => s.atMs),
      [at(0)],
    );
    assert.equal(t.nextAtMs(), at(60));
    assert.equal(t.take(at(59)), null);
    const n = t.take(at(60));
    assert.equal(n?.title, 'circuit main L2 overload and 1 more');
    assert.deepEqual(n?.counts, { overload: 1, failsafe: 1 });
    assert.equal(n?.message.split('\n').length, 2);
  });

  it('sends at most maxPerHour messages in any 60 minutes', () => {
    const t = throttle({ maxPerHour: 3 });
    const sent = run(
      t,
      [0, 1, 2, 3, 4].map((s) => aNotification('overload', s, `circuit c${s} L1`)),
    );
    assert.equal(sent.length, 3);
    assert.equal(t.nextAtMs(), at(0) + HOUR_MS);
    const n = t.take(at(0) + HOUR_MS);
    assert.deepEqual(n?.counts, { overload: 2 });
    assert.match(n?.title ?? '', /and 1 more$/);
    // The hour is full again until the second message is an hour old.
    t.offer(aNotification('overload', 3600.5, 'circuit c9 L1'));
    assert.equal(t.take(at(3600.5)), null);
    assert.equal(t.nextAtMs(), at(1) + HOUR_MS);
  });

  it('lists ten lines and sums the rest when many waited', () => {
    const t = throttle({ minIntervalS: 600 });
    run(
      t,
      Array.from({ length: 15 }, (_, i) => aNotification('overload', i, `circuit c${i} L1`)),
    );
    const n = t.take(at(600));
    assert.equal(n?.title, 'circuit c1 L1 overload and 13 more');
    const lines = n?.message.split('\n') ?? [];
    assert.equal(lines.length, 11);
    assert.equal(lines[10], '… and 4 more (4× overload)');
  });

  it('drain() sends everything held or queued as one message, regardless of the limits', () => {
    const t = throttle({ debounceS: 30, minIntervalS: 600 });
    run(t, [aNotification('overload', 0, 'circuit main L1')]);
    assert.equal(t.take(at(30))?.kind, 'overload');
    t.offer(aNotification('overload', 40, 'circuit main L2'));
    assert.equal(t.take(at(70)), null, 'settled, but inside the interval');
    t.offer(aNotification('device.paused', 75));
    t.offer(aNotification('device.resumed', 76));
    assert.equal(t.pending, 3);
    const last = t.drain(at(80));
    assert.deepEqual(last?.counts, { overload: 1, 'device.paused': 1, 'device.resumed': 1 });
    assert.equal(t.pending, 0);
    assert.equal(t.drain(at(81)), null);
  });

  it('keeps time monotonic when the wall clock steps back', () => {
    const t = throttle({ minIntervalS: 60 });
    run(t, [aNotification('overload', 100, 'circuit a L1')]);
    t.offer(aNotification('overload', 50, 'circuit b L1'));
    assert.equal(t.take(at(120)), null);
    assert.equal(t.nextAtMs(), at(160));
  });
});
