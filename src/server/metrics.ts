// Prometheus metrics at /metrics. What has to be counted from the start (cycles, events by type,
// the cycle duration histogram) is counted here in plain numbers and written in Prometheus' text
// format (exposition format 0.0.4). The live state's gauges and the process metrics come from
// prom-client, loaded on the first scrape (metrics-registry.ts): a daemon that nobody scrapes, as
// most homes', never holds the library (docs/running.md, "Memory"). So the process metrics that
// count from their start (GC durations, event loop delay) count from the first scrape.
import type { LiveState } from '../model/live.js';
import type { EventBus } from '../runtime/events.js';

const DURATION_BUCKETS_S = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

interface Registry {
  metrics(): Promise<string>;
}

/** A label value as the exposition format quotes it. */
const quoted = (value: string) =>
  `"${value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`;

function counter(name: string, help: string, label: string, counts: Map<string, number>): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const [value, count] of counts) lines.push(`${name}{${label}=${quoted(value)}} ${count}`);
  return lines.join('\n');
}

export class Metrics {
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';
  /** The last state.updated, read by the gauges when scraped. */
  #state: LiveState | null = null;
  readonly #cycles = new Map<string, number>();
  readonly #events = new Map<string, number>();
  /** Per bucket (not cumulative); the last one is +Inf. */
  readonly #durations = new Array<number>(DURATION_BUCKETS_S.length + 1).fill(0);
  #durationSumS = 0;
  #registry: Promise<Registry> | null = null;

  attach(bus: EventBus): () => void {
    const offs = [
      bus.on('state.updated', (e) => {
        this.#state = e.state;
      }),
      bus.on('cycle.completed', (e) => {
        this.#cycles.set(e.trigger, (this.#cycles.get(e.trigger) ?? 0) + 1);
        const seconds = e.durationMs / 1000;
        const bucket = DURATION_BUCKETS_S.findIndex((le) => seconds <= le);
        this.#durations[bucket === -1 ? DURATION_BUCKETS_S.length : bucket]! += 1;
        this.#durationSumS += seconds;
      }),
      bus.onAny((e) => {
        if (e.type !== 'cycle.completed' && e.type !== 'state.updated')
          this.#events.set(e.type, (this.#events.get(e.type) ?? 0) + 1);
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** The whole /metrics page. */
  async text(): Promise<string> {
    this.#registry ??= import('./metrics-registry.js').then((m) => m.liveRegistry(() => this.#state));
    return `${this.#counted()}\n\n${await (await this.#registry).metrics()}`;
  }

  #counted(): string {
    const name = 'ampshare_cycle_duration_seconds';
    const histogram = [`# HELP ${name} Telegram in to setpoints out, per cycle`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    [...DURATION_BUCKETS_S, '+Inf'].forEach((le, i) => {
      cumulative += this.#durations[i]!;
      histogram.push(`${name}_bucket{le="${le}"} ${cumulative}`);
    });
    histogram.push(`${name}_sum ${this.#durationSumS}`, `${name}_count ${cumulative}`);
    return [
      counter('ampshare_cycles_total', 'Control cycles', 'trigger', this.#cycles),
      counter('ampshare_events_total', 'Events by type', 'type', this.#events),
      histogram.join('\n'),
    ].join('\n\n');
  }
}
