// Properties of the throttle for any sequence of notifications, driven the way the Notifier drives
// it (take() after each offer and whenever nextAtMs() says): never more than maxPerHour messages in
// any 60 minutes, never two within minIntervalS, and every notification counted in exactly one message.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { NOTIFICATION_KINDS, type KindCounts, type Notification, type NotificationKind } from './kinds.js';
import { aNotification, T0 } from './test-support/builders.js';
import { HOUR_MS, Throttle, throttlePolicy } from './throttle.js';

const arbRule = fc.record({
  debounceS: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120 })),
  minIntervalS: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 900 })),
  maxPerHour: fc.integer({ min: 1, max: 12 }),
});

type Rule = { debounceS: number; minIntervalS: number; maxPerHour: number };
type Ev = { gapMs: number; kind: NotificationKind; subject: string };

const arbEvents = fc.array(
  fc.record({
    gapMs: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 2 * HOUR_MS })),
    kind: fc.constantFrom(...NOTIFICATION_KINDS),
    subject: fc.constantFrom('device car1', 'device car2', 'meter', 'station cp1'),
  }),
  { maxLength: 150 },
);

function tally(into: KindCounts, counts: KindCounts): void {
  for (const k of NOTIFICATION_KINDS) into[k] = (into[k] ?? 0) + (counts[k] ?? 0);
}

/** Takes whatever becomes due up to `untilMs` (the Notifier's timer). */
function wakeUntil(t: Throttle, untilMs: number, sent: { atMs: number; n: Notification }[]): void {
  for (let next = t.nextAtMs(); next !== null && next <= untilMs; next = t.nextAtMs()) {
    const n = t.take(next);
    if (n) sent.push({ atMs: next, n });
  }
}

function drive(rule: Rule, events: Ev[], stopAfter: number) {
  const t = new Throttle(throttlePolicy(rule));
  const sent: { atMs: number; n: Notification }[] = [];
  const offered: KindCounts = {};
  let nowMs = T0;
  for (const e of events.slice(0, stopAfter)) {
    nowMs += e.gapMs;
    wakeUntil(t, nowMs, sent);
    const n = { ...aNotification(e.kind, 0, e.subject), atMs: nowMs };
    tally(offered, n.counts);
    t.offer(n);
    const out = t.take(nowMs);
    if (out) sent.push({ atMs: nowMs, n: out });
  }
  return { t, sent, offered, nowMs };
}

function assertLimits(rule: Rule, sent: { atMs: number }[]): void {
  for (let i = 1; i < sent.length; i++) {
    assert.ok(
      sent[i]!.atMs - sent[i - 1]!.atMs >= rule.minIntervalS * 1000,
      'two messages within minIntervalS',
    );
  }
  for (let i = rule.maxPerHour; i < sent.length; i++) {
    assert.ok(
      sent[i]!.atMs - sent[i - rule.maxPerHour]!.atMs >= HOUR_MS,
      'more than maxPerHour in 60 minutes',
    );
  }
}

it('respects minIntervalS and maxPerHour and loses nothing, when left to run out', () => {
  fc.assert(
    fc.property(arbRule, arbEvents, (rule, events) => {
      const { t, sent, offered } = drive(rule, events, events.length);
      wakeUntil(t, Infinity, sent);
      assert.equal(t.pending, 0);
      assertLimits(rule, sent);
      const delivered: KindCounts = {};
      for (const s of sent) tally(delivered, s.n.counts);
      assert.deepEqual(delivered, offered);
    }),
    { numRuns: 500 },
  );
});

it('respects the limits up to a stop, and drain() accounts for the rest in one message', () => {
  fc.assert(
    fc.property(arbRule, arbEvents, fc.nat(), (rule, events, cut) => {
      const { t, sent, offered, nowMs } = drive(
        rule,
        events,
        events.length === 0 ? 0 : cut % (events.length + 1),
      );
      assertLimits(rule, sent);
      const last = t.drain(nowMs);
      const delivered: KindCounts = {};
      for (const s of sent) tally(delivered, s.n.counts);
      if (last) tally(delivered, last.counts);
      assert.deepEqual(delivered, offered);
      assert.equal(t.pending, 0);
    }),
  );
});
