// Notifications: listens to the bus, turns events into notifications (detect.ts), passes each
// through its rules' throttles (throttle.ts) and hands what comes out to the rules' sinks
// (deliver.ts, one queue per sink). It owns one timer on the injected clock, armed for the next
// moment any throttle has something due. Nothing here throws into the bus or blocks it.
import type { Clock } from '../model/clock.js';
import { after, CANCELLED } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { AmpshareEvent, EventBus } from '../runtime/events.js';
import type { NotifyConfig } from './config.js';
import { Delivery } from './deliver.js';
import { DETECTED_TYPES, Detector } from './detect.js';
import { withRecoveries, type Notification, type NotificationKind } from './kinds.js';
import { createSink, type Sink } from './sinks/index.js';
import { errorText } from './sinks/sink.js';
import { Throttle, throttlePolicy } from './throttle.js';

export interface NotifierContext {
  config: NotifyConfig;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** Ready sinks by name, used instead of creating those from the configuration (tests). */
  sinks?: ReadonlyMap<string, Sink>;
  /** Jitter for the retry backoff; Math.random by default. */
  random?: () => number;
}

interface Rule {
  label: string;
  kinds: ReadonlySet<NotificationKind>;
  throttle: Throttle;
  deliveries: Delivery[];
}

export class Notifier {
  readonly #detector = new Detector();
  readonly #rules: Rule[];
  readonly #deliveries: Delivery[];
  #unsubscribe: (() => void) | null = null;
  #timer = new AbortController();
  #armedAtMs: number | null = null;
  #stopped: Promise<void> | null = null;

  private constructor(private readonly ctx: NotifierContext) {
    const byName = new Map<string, Delivery>();
    const delivery = (name: string): Delivery => {
      let d = byName.get(name);
      if (!d) {
        const spec = ctx.config.sinks[name];
        const sink = ctx.sinks?.get(name) ?? (spec ? createSink(spec, { name, log: ctx.log }) : null);
        if (!sink) throw new RangeError(`notify: no sink "${name}"`);
        d = new Delivery({ name, sink, clock: ctx.clock, log: ctx.log, random: ctx.random });
        byName.set(name, d);
      }
      return d;
    };
    this.#rules = ctx.config.rules.map((rule, i) => ({
      label: `rules[${i}]`,
      kinds: withRecoveries(rule.on),
      throttle: new Throttle(throttlePolicy(rule)),
      deliveries: rule.to.map(delivery),
    }));
    this.#deliveries = [...byName.values()];
    const unused = Object.keys(ctx.config.sinks).filter((name) => !byName.has(name));
    if (unused.length > 0) ctx.log.info(`notify: sinks not named by any rule: ${unused.join(', ')}`);
  }

  /** Creates the rules' sinks and starts listening. Sinks connect in the background. */
  static start(ctx: NotifierContext): Notifier {
    const notifier = new Notifier(ctx);
    notifier.#unsubscribe = ctx.bus.onAny((event) => {
      if (DETECTED_TYPES.has(event.type)) notifier.#onEvent(event);
    });
    return notifier;
  }

  /** Stops listening, sends what the throttles still hold as one last message per rule, closes sinks. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#timer.abort(CANCELLED);
    const nowMs = this.ctx.clock.now();
    for (const rule of this.#rules) {
      const last = rule.throttle.drain(nowMs);
      if (last) this.#send(rule, last);
    }
    await Promise.all(this.#deliveries.map((d) => d.stop()));
  }

  #onEvent(event: AmpshareEvent): void {
    try {
      const n = this.#detector.detect(event, this.ctx.clock.now());
      if (!n) return;
      for (const rule of this.#rules) if (rule.kinds.has(n.kind)) rule.throttle.offer(n);
      this.#pump();
    } catch (error) {
      this.ctx.log.warn(`notify: ${event.type}: ${errorText(error)}`);
    }
  }

  /** Sends what is due now and arms the timer for the next due moment. */
  #pump(): void {
    if (this.#stopped) return;
    const nowMs = this.ctx.clock.now();
    let nextMs: number | null = null;
    for (const rule of this.#rules) {
      for (let n = rule.throttle.take(nowMs); n; n = rule.throttle.take(nowMs)) this.#send(rule, n);
      const at = rule.throttle.nextAtMs();
      if (at !== null && (nextMs === null || at < nextMs)) nextMs = at;
    }
    this.#arm(nextMs, nowMs);
  }

  #arm(atMs: number | null, nowMs: number): void {
    if (atMs === this.#armedAtMs) return;
    this.#timer.abort(CANCELLED);
    this.#armedAtMs = atMs;
    if (atMs === null) return;
    this.#timer = new AbortController();
    after(this.ctx.clock, Math.max(0, atMs - nowMs), this.#timer.signal, () => {
      this.#armedAtMs = null;
      this.#pump();
    });
  }

  #send(rule: Rule, n: Notification): void {
    this.ctx.log.debug(`notify: ${rule.label} "${n.title}" (${n.kind})`);
    for (const d of rule.deliveries) d.push(n);
  }
}
