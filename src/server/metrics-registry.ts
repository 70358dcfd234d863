// The gauges of /metrics and the process metrics, on prom-client: loaded by metrics.ts on the first
// scrape. The gauges are filled from the last state.updated when a scrape asks (prom-client's
// collect()), not on every cycle: a scrape comes every 15–60 s, a cycle every second, and at 100
// devices setting ~1,000 labelled values a cycle was ~2 % of the daemon's CPU.
import client from 'prom-client';
import type { LiveState } from '../model/live.js';
import { PHASES } from '../model/units.js';

const STATUSES = ['running', 'paused', 'off', 'disconnected', 'failsafe'] as const;

type Labels = Record<string, string>;

/**
 * One gauge: its series, and how to fill them from a live state. A value the state does not have
 * (no meter data, no peak control) is NaN, which Prometheus stores as such: a gauge without labels
 * always has a sample, and 0 would read as a measurement.
 */
interface GaugeSpec {
  name: string;
  help: string;
  labelNames?: string[];
  fill(set: (labels: Labels, value: number) => void, state: LiveState): void;
}

const GAUGES: readonly GaugeSpec[] = [
  {
    name: 'ampshare_circuit_current_amperes',
    help: 'Measured current per circuit and phase',
    labelNames: ['circuit', 'phase'],
    fill: (set, state) => {
      for (const c of state.circuits)
        c.measuredA?.forEach((a, p) => set({ circuit: c.id, phase: PHASES[p]! }, a));
    },
  },
  {
    name: 'ampshare_circuit_limit_amperes',
    help: 'Limit in force per circuit (before the margin)',
    labelNames: ['circuit'],
    fill: (set, state) => state.circuits.forEach((c) => set({ circuit: c.id }, c.limitA)),
  },
  {
    name: 'ampshare_circuit_headroom_amperes',
    help: 'Headroom under limit − margin',
    labelNames: ['circuit', 'phase'],
    fill: (set, state) => {
      for (const c of state.circuits)
        c.headroomA.forEach((a, p) => set({ circuit: c.id, phase: PHASES[p]! }, a));
    },
  },
  {
    name: 'ampshare_device_setpoint_amperes',
    help: 'Current sent to each device, per phase',
    labelNames: ['device'],
    fill: (set, state) => state.devices.forEach((d) => set({ device: d.id }, d.setpointA)),
  },
  {
    name: 'ampshare_device_measured_amperes',
    help: 'Current each device draws',
    labelNames: ['device', 'phase'],
    fill: (set, state) => {
      for (const d of state.devices)
        d.measuredA?.forEach((a, p) => set({ device: d.id, phase: PHASES[p]! }, a));
    },
  },
  {
    name: 'ampshare_device_status',
    help: '1 for the status each device is in',
    labelNames: ['device', 'status'],
    fill: (set, state) => {
      for (const d of state.devices)
        for (const s of STATUSES) set({ device: d.id, status: s }, d.status === s ? 1 : 0);
    },
  },
  {
    name: 'ampshare_grid_power_watts',
    help: 'Import (positive) or export (negative) at the connection',
    fill: (set, state) => set({}, state.gridPowerW ?? NaN),
  },
  {
    name: 'ampshare_failsafe',
    help: '1 while every device is held at its fail-safe current',
    fill: (set, state) => set({}, state.failsafe ? 1 : 0),
  },
  {
    name: 'ampshare_meter_age_seconds',
    help: 'Age of the last telegram at the last cycle',
    fill: (set, state) => set({}, state.meter?.ageS ?? NaN),
  },
  {
    name: 'ampshare_quarter_hour_average_watts',
    help: 'Running quarter-hour average import',
    fill: (set, state) => set({}, state.quarterHour?.averageSoFarW ?? NaN),
  },
  {
    name: 'ampshare_month_peak_watts',
    help: "The month's highest quarter-hour average import",
    fill: (set, state) => set({}, state.monthPeakW ?? NaN),
  },
];

/** One registry per server, so tests and several controllers in one process do not share series. */
export function liveRegistry(last: () => LiveState | null): client.Registry {
  const registry = new client.Registry();
  for (const spec of GAUGES) {
    new client.Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      registers: [registry],
      // Series of devices or circuits gone since the last scrape are dropped by the reset.
      collect() {
        this.reset();
        const state = last();
        if (state) spec.fill((labels, value) => this.set(labels, value), state);
        // reset() leaves a gauge without labels at 0; before the first cycle nothing is known.
        else if (!spec.labelNames) this.set(NaN);
      },
    });
  }
  client.collectDefaultMetrics({ register: registry, prefix: 'ampshare_process_' });
  return registry;
}
