// The control loop, and the one owner of the controller's mutable state: the allocator's state,
// the last reading, the site model (rebuilt when a `phases: auto` station reports its rotation),
// and what was last said on the event bus. One cycle per telegram:
//   reading → inputs (grid + every driver's state) → allocate → apply to EVERY driver → events.
// The only timer is the meter's staleness: with no telegram for site.staleAfterS, a cycle runs
// anyway (the allocator then puts every device at its fail-safe current) and repeats at that
// interval until telegrams come back; then normal control resumes with the normal ramp.
import { performance } from 'node:perf_hooks';
import { allocate, type AllocationResult } from '../core/allocate.js';
import type { AllocatorInputs, GridInput } from '../core/inputs.js';
import { emptyState, type AllocatorState } from '../core/state.js';
import type { DeviceDriver, DeviceState } from '../devices/driver.js';
import type { LiveState } from '../model/live.js';
import type { Reading } from '../model/reading.js';
import type { Phase } from '../model/units.js';
import type { DeviceConfig, SiteConfig } from '../site/schema.js';
import { after, CANCELLED, type Clock } from './clock.js';
import { setpointFor, stateOf, viewDevice, withReserve, type DeviceView } from './device-input.js';
import type { CycleTrigger, EventBus } from './events.js';
import { gridInputFromReading } from './grid-input.js';
import { buildLiveState } from './live-state.js';
import type { Logger } from './log.js';
import { CycleReporter } from './loop-report.js';
import { monthPeakEvent, OverloadWatch } from './watch.js';

export interface LoopDevice {
  id: string;
  driver: DeviceDriver;
  /** `phases: auto`: take the phases from the driver's state once it knows them. */
  autoPhases: boolean;
}

export interface ControlLoopContext {
  site: SiteConfig;
  devices: readonly LoopDevice[];
  clock: Clock;
  bus: EventBus;
  log: Logger;
  cycleBudgetMs: number;
  /** Names the meter in messages ("tcp 127.0.0.1:2323"). */
  meterName?: string;
  /** A monotonic high-resolution time for the cycle budget; default performance.now. */
  elapsedMs?: () => number;
  /** PV production now, W, when something knows it (a simulated site, an inverter); for the live state. */
  pvW?: () => number | null;
}

export class ControlLoop {
  #site: SiteConfig;
  #siteDevices = new Map<string, DeviceConfig>();
  #state: AllocatorState = emptyState();
  #last: { reading: Reading; atMs: number } | null = null;
  #startedAtMs = 0;
  #running = false;
  #stale = false;
  #timer = new AbortController();
  readonly #reporter: CycleReporter;
  #lastResult: AllocationResult | null = null;
  #live: LiveState | null = null;
  #cycles = 0;
  readonly #overload = new OverloadWatch();
  readonly #elapsedMs: () => number;

  constructor(private readonly ctx: ControlLoopContext) {
    this.#site = ctx.site;
    this.#indexSite();
    this.#elapsedMs = ctx.elapsedMs ?? (() => performance.now());
    this.#reporter = new CycleReporter(ctx.bus, ctx.devices);
  }

  /** The site model in force (with learned phases). */
  get site(): SiteConfig {
    return this.#site;
  }

  get lastResult(): AllocationResult | null {
    return this.#lastResult;
  }

  /** The live state after the last cycle, null before the first. */
  get live(): LiveState | null {
    return this.#live;
  }

  /** The last telegram, null before the first. */
  get lastReading(): Reading | null {
    return this.#last?.reading ?? null;
  }

  /**
   * A new site model from the next cycle on (a run-time change, already validated). The
   * allocator builds its topology for the new object; its state is kept, by device id.
   */
  setSite(site: SiteConfig): void {
    this.#site = site;
    this.#indexSite();
  }

  get #staleAfterMs(): number {
    return this.#site.site.staleAfterS * 1000;
  }

  /** Starts the staleness clock: no telegram within staleAfterS from now is a stale meter too. */
  start(): void {
    this.#running = true;
    this.#startedAtMs = this.ctx.clock.now();
    this.#arm(this.#staleAfterMs + 1);
  }

  /** No more cycles (before fail-safe on shutdown, so that no cycle overrides it). */
  stop(): void {
    this.#running = false;
    this.#timer.abort(CANCELLED);
  }

  /** A telegram: one cycle, now. */
  reading(reading: Reading): void {
    if (!this.#running) return;
    const nowMs = this.ctx.clock.now();
    if (this.#stale) {
      this.#stale = false;
      const staleForS = (nowMs - (this.#last?.atMs ?? this.#startedAtMs)) / 1000;
      this.ctx.bus.emit({
        type: 'meter.back',
        staleForS,
        message: `telegrams again after ${staleForS.toFixed(1)} s: normal control resumes, increases ramp up`,
      });
    }
    this.#last = { reading, atMs: nowMs };
    this.#cycle('telegram', nowMs);
    this.#arm(this.#staleAfterMs + 1);
  }

  #arm(delayMs: number): void {
    this.#timer.abort(CANCELLED);
    this.#timer = new AbortController();
    after(this.ctx.clock, delayMs, this.#timer.signal, () => this.#onTimer());
  }

  #onTimer(): void {
    if (!this.#running) return;
    const nowMs = this.ctx.clock.now();
    const sinceMs = nowMs - (this.#last?.atMs ?? this.#startedAtMs);
    // Stale means older than staleAfterS (the allocator's rule); a timer may fire a hair early.
    if (sinceMs <= this.#staleAfterMs) return this.#arm(this.#staleAfterMs - sinceMs + 1);
    if (!this.#stale) {
      this.#stale = true;
      const what = this.#last
        ? `no telegram for ${(sinceMs / 1000).toFixed(1)} s`
        : `no telegram since start (${(sinceMs / 1000).toFixed(1)} s)`;
      this.ctx.bus.emit({
        type: 'meter.stale',
        ageS: this.#last ? sinceMs / 1000 : null,
        staleAfterS: this.#site.site.staleAfterS,
        message: `${what}${this.ctx.meterName ? ` from ${this.ctx.meterName}` : ''}: every device to its fail-safe current`,
      });
    }
    this.#cycle('stale', nowMs);
    this.#arm(this.#staleAfterMs);
  }

  #cycle(trigger: CycleTrigger, nowMs: number): void {
    const startMs = this.#elapsedMs();
    const { devices, bus } = this.ctx;
    try {
      const states = devices.map((d) => stateOf(d.driver));
      this.#learnPhases(states);
      const views = devices.map((d, i) => viewDevice(states[i]!, this.#phasesOf(d.id)));
      const grid = this.#grid(nowMs, views);
      const inputs: AllocatorInputs = {
        grid: grid.input,
        devices: Object.fromEntries(devices.map((d, i) => [d.id, views[i]!.input])),
      };
      const time = this.#last?.reading.timestamp;
      if (time) inputs.time = time;
      const result = allocate(this.#site, inputs, this.#state, nowMs);
      const previous = this.#state;
      this.#state = result.state;
      this.#lastResult = result;
      const decisions = new Map(result.devices.map((d) => [d.id, d]));
      // Every driver, every cycle, changed or not: the OCPP dead-man switch renews a station's
      // profile only while apply() keeps coming (src/devices/driver.ts).
      const applied = devices.map((d, i) => {
        const config = this.#siteDevices.get(d.id);
        const setpoint = setpointFor(
          decisions.get(d.id),
          views[i]!,
          config?.failsafeA ?? this.#site.site.failsafeA,
          config?.phases ?? [],
          this.#site.site.network,
        );
        try {
          d.driver.apply(setpoint);
        } catch (error) {
          this.ctx.log.warn('a driver refused a setpoint', { deviceId: d.id, error: String(error) });
        }
        return setpoint.currentA;
      });
      const durationMs = this.#elapsedMs() - startMs;
      this.#reporter.report(result, views, states, applied, decisions);
      // What was measured, not what is reserved for stations out of reach: main's current is the meter's.
      const circuits = result.circuits.map((c) => (c.id === 'main' ? { ...c, measuredA: grid.meteredA } : c));
      for (const event of this.#overload.check(
        circuits,
        devices.map((d) => d.id),
        applied,
      ))
        bus.emit(event);
      const peak = monthPeakEvent(previous, result.state);
      if (peak) bus.emit(peak);
      bus.emit({ type: 'cycle.completed', atMs: nowMs, trigger, durationMs, result });
      this.#live = buildLiveState({
        cycle: ++this.#cycles,
        atMs: nowMs,
        site: this.#site,
        configured: this.ctx.site,
        result: { ...result, circuits },
        allocator: result.state,
        meter: this.#last
          ? {
              reading: this.#last.reading,
              ageS: (nowMs - this.#last.atMs) / 1000,
              source: this.ctx.meterName ?? 'meter',
            }
          : null,
        devices: devices.map((d, i) => ({
          id: d.id,
          state: states[i]!,
          appliedA: applied[i]!,
          controlled: views[i]!.controlled,
        })),
        pvW: this.ctx.pvW?.() ?? null,
      });
      bus.emit({ type: 'state.updated', state: this.#live });
      if (durationMs > this.ctx.cycleBudgetMs) {
        bus.emit({ type: 'cycle.overrun', trigger, durationMs, budgetMs: this.ctx.cycleBudgetMs });
      }
    } catch (error) {
      // A bug, not a condition: say it and carry on. Without apply() the stations' own profiles
      // run out to fail-safe, so a loop that keeps failing is still safe.
      this.ctx.log.warn('control cycle failed', { error: (error as Error).stack ?? String(error) });
      bus.emit({ type: 'cycle.failed', trigger, error: String(error) });
    }
  }

  /** The allocator's grid input (with the reserves), and what the meter itself measured per phase. */
  #grid(nowMs: number, views: readonly DeviceView[]): { input: GridInput; meteredA: number[] | null } {
    if (!this.#last) return { input: { netCurrentA: null }, meteredA: null };
    const grid = gridInputFromReading(this.#last.reading, (nowMs - this.#last.atMs) / 1000);
    const netCurrentA = withReserve(
      grid.netCurrentA,
      views.map((v) => v.reserveA),
    );
    return { input: { ...grid, netCurrentA }, meteredA: grid.netCurrentA };
  }

  /** `phases: auto`: a reported rotation that differs from the model's rebuilds the site model. */
  #learnPhases(states: readonly DeviceState[]): void {
    const learned = new Map<string, Phase[]>();
    this.ctx.devices.forEach((d, i) => {
      const reported = states[i]!.phases;
      if (!d.autoPhases || !reported) return;
      if (reported.join() !== this.#phasesOf(d.id).join()) learned.set(d.id, [...reported]);
    });
    if (learned.size === 0) return;
    // A new configuration object: the allocator builds its topology again (once); its state is by id.
    this.#site = {
      ...this.#site,
      devices: this.#site.devices.map((d) => {
        const phases = learned.get(d.id);
        return phases ? { ...d, phases } : d;
      }),
    };
    this.#indexSite();
    for (const [deviceId, phases] of learned)
      this.ctx.bus.emit({ type: 'device.phasesLearned', deviceId, phases });
  }

  #phasesOf(id: string): readonly Phase[] {
    return this.#siteDevices.get(id)?.phases ?? [];
  }

  #indexSite(): void {
    this.#siteDevices = new Map(this.#site.devices.map((d) => [d.id, d]));
  }
}
