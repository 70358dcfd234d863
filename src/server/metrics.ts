// Prometheus metrics at /metrics (prom-client): the live state as gauges, refreshed from each
// state.updated, plus counters of cycles and events and the cycle duration. One registry per
// server, so tests and several controllers in one process do not share series.
import client from 'prom-client';
import type { LiveState } from '../model/live.js';
import { PHASES } from '../model/units.js';
import type { EventBus } from '../runtime/events.js';

const STATUSES = ['running', 'paused', 'off', 'disconnected', 'failsafe'] as const;

export class Metrics {
  readonly registry = new client.Registry();
  readonly #gauge = (name: string, help: string, labelNames: string[] = []) =>
    new client.Gauge({ name, help, labelNames, registers: [this.registry] });
  readonly #current = this.#gauge(
    'ampshare_circuit_current_amperes',
    'Measured current per circuit and phase',
    ['circuit', 'phase'],
  );
  readonly #limit = this.#gauge(
    'ampshare_circuit_limit_amperes',
    'Limit in force per circuit (before the margin)',
    ['circuit'],
  );
  readonly #headroom = this.#gauge('ampshare_circuit_headroom_amperes', 'Headroom under limit − margin', [
    'circuit',
    'phase',
  ]);
  readonly #setpoint = this.#gauge(
    'ampshare_device_setpoint_amperes',
    'Current sent to each device, per phase',
    ['device'],
  );
  readonly #measured = this.#gauge('ampshare_device_measured_amperes', 'Current each device draws', [
    'device',
    'phase',
  ]);
  readonly #status = this.#gauge('ampshare_device_status', '1 for the status each device is in', [
    'device',
    'status',
  ]);
  readonly #grid = this.#gauge(
    'ampshare_grid_power_watts',
    'Import (positive) or export (negative) at the connection',
  );
  readonly #failsafe = this.#gauge(
    'ampshare_failsafe',
    '1 while every device is held at its fail-safe current',
  );
  readonly #meterAge = this.#gauge(
    'ampshare_meter_age_seconds',
    'Age of the last telegram at the last cycle',
  );
  readonly #quarter = this.#gauge(
    'ampshare_quarter_hour_average_watts',
    'Running quarter-hour average import',
  );
  readonly #monthPeak = this.#gauge(
    'ampshare_month_peak_watts',
    "The month's highest quarter-hour average import",
  );
  readonly #cycles = new client.Counter({
    name: 'ampshare_cycles_total',
    help: 'Control cycles',
    labelNames: ['trigger'],
    registers: [this.registry],
  });
  readonly #events = new client.Counter({
    name: 'ampshare_events_total',
    help: 'Events by type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly #duration = new client.Histogram({
    name: 'ampshare_cycle_duration_seconds',
    help: 'Telegram in to setpoints out, per cycle',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2],
    registers: [this.registry],
  });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'ampshare_process_' });
  }

  attach(bus: EventBus): () => void {
    const offs = [
      bus.on('state.updated', (e) => this.#update(e.state)),
      bus.on('cycle.completed', (e) => {
        this.#cycles.inc({ trigger: e.trigger });
        this.#duration.observe(e.durationMs / 1000);
      }),
      bus.onAny((e) => {
        if (e.type !== 'cycle.completed' && e.type !== 'state.updated') this.#events.inc({ type: e.type });
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  #update(state: LiveState): void {
    for (const c of state.circuits) {
      this.#limit.set({ circuit: c.id }, c.limitA);
      c.measuredA?.forEach((a, p) => this.#current.set({ circuit: c.id, phase: PHASES[p]! }, a));
      c.headroomA.forEach((a, p) => this.#headroom.set({ circuit: c.id, phase: PHASES[p]! }, a));
    }
    for (const d of state.devices) {
      this.#setpoint.set({ device: d.id }, d.setpointA);
      d.measuredA?.forEach((a, p) => this.#measured.set({ device: d.id, phase: PHASES[p]! }, a));
      for (const s of STATUSES) this.#status.set({ device: d.id, status: s }, d.status === s ? 1 : 0);
    }
    if (state.gridPowerW !== null) this.#grid.set(state.gridPowerW);
    this.#failsafe.set(state.failsafe ? 1 : 0);
    if (state.meter) this.#meterAge.set(state.meter.ageS);
    if (state.quarterHour) this.#quarter.set(state.quarterHour.averageSoFarW);
    if (state.monthPeakW !== null) this.#monthPeak.set(state.monthPeakW);
  }
}
