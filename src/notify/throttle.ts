// Debounce and rate limit for one rule: pure, time comes in as arguments (the Notifier owns the one
// timer and asks nextAtMs() when to call again), so tests drive it with made-up times.
//
// 1. Debounce, per subject: a notification is held until its subject has been quiet for debounceMs
//    (at most maxHoldMs after the first held one, so a condition that never settles is still told),
//    then the subject's changes go on as one message (summary.ts settle()).
// 2. Rate limit: at most one message per minIntervalMs and maxPerHour in any 60 minutes. What
//    settles while the limit is closed waits and goes out as ONE message when it opens (merge()).
// Nothing is dropped: every notification offered is in exactly one message's counts, either sent by
// take() or, at stop, by drain().
import type { Notification } from './kinds.js';
import { merge, settle } from './summary.js';

export const HOUR_MS = 3_600_000;

export interface ThrottlePolicy {
  debounceMs: number;
  /** A subject that keeps changing is told after this long anyway (≥ debounceMs). */
  maxHoldMs: number;
  minIntervalMs: number;
  maxPerHour: number;
}

/** A subject that keeps changing is still told after this many debounce periods. */
export const MAX_HOLD_DEBOUNCES = 10;

/** The policy for a rule's seconds. */
export function throttlePolicy(rule: {
  debounceS: number;
  minIntervalS: number;
  maxPerHour: number;
}): ThrottlePolicy {
  const debounceMs = rule.debounceS * 1000;
  return {
    debounceMs,
    maxHoldMs: debounceMs * MAX_HOLD_DEBOUNCES,
    minIntervalMs: rule.minIntervalS * 1000,
    maxPerHour: rule.maxPerHour,
  };
}

interface Held {
  items: Notification[];
  firstMs: number;
  lastMs: number;
}

export class Throttle {
  /** Per subject, changes within the debounce. Map order is first-held order. */
  readonly #held = new Map<string, Held>();
  /** Settled, waiting for the rate limit. */
  #queue: Notification[] = [];
  /** Send times within the last hour (at most maxPerHour of them), oldest first. */
  #sentMs: number[] = [];
  /** Time never runs backwards in here, even if the wall clock does. */
  #nowMs = -Infinity;

  constructor(readonly policy: ThrottlePolicy) {
    if (policy.maxPerHour < 1) throw new RangeError('maxPerHour must be at least 1');
  }

  offer(n: Notification): void {
    const atMs = this.#advance(n.atMs);
    if (this.policy.debounceMs <= 0) {
      this.#queue.push(n);
      return;
    }
    const held = this.#held.get(n.subject);
    if (held) {
      held.items.push(n);
      held.lastMs = atMs;
    } else {
      this.#held.set(n.subject, { items: [n], firstMs: atMs, lastMs: atMs });
    }
  }

  /** The message to send now, if one is due and the rate limit is open. */
  take(nowMs: number): Notification | null {
    const now = this.#advance(nowMs);
    for (const [subject, held] of this.#held) {
      if (now >= this.#settlesAtMs(held)) {
        this.#held.delete(subject);
        this.#queue.push(settle(held.items));
      }
    }
    if (this.#queue.length === 0 || now < this.#opensAtMs()) return null;
    const message = merge(this.#queue);
    this.#queue = [];
    this.#sentMs.push(now);
    if (this.#sentMs.length > this.policy.maxPerHour) this.#sentMs.shift();
    return message;
  }

  /** When take() may next return a message (null: nothing is waiting). */
  nextAtMs(): number | null {
    let next = Infinity;
    for (const held of this.#held.values()) next = Math.min(next, this.#settlesAtMs(held));
    if (this.#queue.length > 0) next = Math.min(next, this.#opensAtMs());
    return next === Infinity ? null : Math.max(next, this.#nowMs);
  }

  /** At stop: whatever is held or queued, as one last message regardless of the limits. */
  drain(nowMs: number): Notification | null {
    this.#advance(nowMs);
    const pending = [...this.#queue, ...[...this.#held.values()].map((h) => settle(h.items))];
    this.#queue = [];
    this.#held.clear();
    return pending.length > 0 ? merge(pending) : null;
  }

  /** Notifications offered and not yet sent (held or queued). */
  get pending(): number {
    let n = this.#queue.length;
    for (const held of this.#held.values()) n += held.items.length;
    return n;
  }

  #settlesAtMs(held: Held): number {
    return Math.min(held.lastMs + this.policy.debounceMs, held.firstMs + this.policy.maxHoldMs);
  }

  #opensAtMs(): number {
    const { minIntervalMs, maxPerHour } = this.policy;
    const last = this.#sentMs[this.#sentMs.length - 1];
    let opens = last === undefined ? -Infinity : last + minIntervalMs;
    // The hour is full: the oldest of the last maxPerHour sends must be an hour old.
    const oldest =
      this.#sentMs.length >= maxPerHour ? this.#sentMs[this.#sentMs.length - maxPerHour] : undefined;
    if (oldest !== undefined) opens = Math.max(opens, oldest + HOUR_MS);
    return opens;
  }

  #advance(ms: number): number {
    this.#nowMs = Math.max(this.#nowMs, ms);
    return this.#nowMs;
  }
}
