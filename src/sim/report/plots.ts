// The report's plots, one function each, from a run's downsampled trace: per circuit the phase
// currents against the fuse, the setpoints, PV and the grid, the quarter-hour average against its
// target, and the energy of every EV session.
import type { SimRun } from '../run-types.js';
import { localLabel, timeTicks } from './clock.js';
import { bucket, envelope } from './downsample.js';
import { Chart, PLOT_PX, niceScale, type AxisTick } from './svg.js';

/** L1 brown, L2 black, L3 grey: the European (IEC 60445) conductor colours. */
const PHASE_COLORS = ['#a0522d', '#222222', '#8a8a8a'];
const PHASE_NAMES = ['L1', 'L2', 'L3'];
const DEVICE_COLORS = [
  '#1f77b4',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#e377c2',
  '#bcbd22',
  '#8c564b',
];
const MAX_DEVICES = DEVICE_COLORS.length;
const MAX_SESSIONS = 240;
const FUSE = '#d62728';

interface Axis {
  durationS: number;
  ticks: AxisTick[];
}

function axisOf(run: SimRun): Axis {
  const durationS = run.samples * run.stepS;
  const ticks = timeTicks(run.startMs, durationS, run.site.site.timezone).map((t) => ({
    at: t.atS,
    label: t.label,
  }));
  return { durationS, ticks };
}

/** Bucket centres in seconds from the start. */
const seconds = (at: Float64Array, stepS: number) => at.map((i) => i * stepS);

function range(lo: number, hi: number): [number, number] {
  return niceScale(lo, hi).range;
}

export function currentPlots(run: SimRun): string[] {
  const axis = axisOf(run);
  return run.circuits.map((c) => {
    const phases = c.maxA.map((maxA, p) => envelope(c.meanA[p] ?? maxA, maxA, PLOT_PX));
    const means = c.meanA.map((meanA) => bucket(meanA, PLOT_PX));
    const hi = Math.max(c.fuseA * 1.15, ...phases.map((e) => Math.max(0, ...e.max)));
    const lo = Math.min(0, ...phases.map((e) => Math.min(0, ...e.min)));
    const chart = new Chart({
      id: `current-${c.id}`,
      title: `${c.id === 'main' ? 'Main connection' : `Circuit ${c.id}`}: line currents against the fuse`,
      unit: 'A; band = lowest mean to highest second per pixel, line = mean',
      x: [0, axis.durationS],
      y: range(lo, hi),
      xTicks: axis.ticks,
    });
    phases.forEach((e, p) => {
      const color = PHASE_COLORS[p] ?? '#444';
      chart.band(seconds(e.at, run.stepS), e.min, e.max, color);
      const mean = means[p];
      if (mean) chart.line(seconds(mean.at, run.stepS), mean.mean, color, PHASE_NAMES[p]);
    });
    if (c.neutralMaxA) {
      const n = bucket(c.neutralMaxA, PLOT_PX);
      chart.line(seconds(n.at, run.stepS), n.max, '#1f77b4', 'neutral (highest)', true);
    }
    chart.hline(c.fuseA, FUSE, `fuse ${c.fuseA} A`, 'fuse');
    const trips = run.trips.filter((t) => t.circuit === c.id);
    if (trips.length > 0) {
      chart.markers(
        trips.map((t) => t.atS),
        trips.map((t) => t.currentA),
        FUSE,
        trips.map(
          (t) => `${t.kind} trip on ${PHASE_NAMES[t.phase] ?? t.phase} at ${t.currentA.toFixed(1)} A`,
        ),
        `trips (${trips.length})`,
      );
    }
    return chart.render();
  });
}

export function setpointPlot(run: SimRun): string | null {
  const devices = run.devices.filter((d) => d.setpointA.some((a) => a > 0)).slice(0, MAX_DEVICES);
  if (devices.length === 0) return null;
  const axis = axisOf(run);
  const hidden = run.devices.filter((d) => d.setpointA.some((a) => a > 0)).length - devices.length;
  const chart = new Chart({
    id: 'setpoints',
    title: `Setpoints per device${hidden > 0 ? ` (the first ${MAX_DEVICES}; ${hidden} more not shown)` : ''}`,
    unit: 'A per phase; band = lowest to highest per pixel, line = mean',
    x: [0, axis.durationS],
    y: range(0, Math.max(...devices.map((d) => d.maxA), 1)),
    xTicks: axis.ticks,
  });
  devices.forEach((d, i) => {
    const color = DEVICE_COLORS[i] ?? '#444';
    const b = bucket(d.setpointA, PLOT_PX);
    const xs = seconds(b.at, run.stepS);
    chart.band(xs, b.min, b.max, color);
    chart.line(xs, b.mean, color, `${d.id} (${d.kind})`);
  });
  return chart.render();
}

export function pvPlot(run: SimRun): string | null {
  const axis = axisOf(run);
  const grid = bucket(run.gridW, PLOT_PX);
  const pv = run.pvW ? bucket(run.pvW, PLOT_PX) : null;
  const hi = Math.max(...grid.max, ...(pv?.max ?? [0]), 1) / 1000;
  const lo = Math.min(...grid.min, 0) / 1000;
  const chart = new Chart({
    id: 'pv-grid',
    title: pv ? 'PV production and the grid' : 'The grid',
    unit: 'kW; grid import positive, export negative',
    x: [0, axis.durationS],
    y: range(lo, hi),
    xTicks: axis.ticks,
  });
  const kW = (a: Float64Array) => a.map((w) => w / 1000);
  if (pv) chart.band(seconds(pv.at, run.stepS), new Float64Array(pv.at.length), kW(pv.max), '#f2b400', 'PV');
  const xs = seconds(grid.at, run.stepS);
  chart.band(xs, kW(grid.min), kW(grid.max), '#1f77b4');
  chart.line(xs, kW(grid.mean), '#1f77b4', 'grid (mean)');
  return chart.render();
}

export function quarterPlot(run: SimRun): string {
  const q = run.quarters;
  const durationS = q.averageW.length * 900;
  const ticks = timeTicks(q.startMs, durationS, run.site.site.timezone).map((t) => ({
    at: t.atS,
    label: t.label,
  }));
  const avg = bucket(q.averageW, PLOT_PX);
  const target = q.targetW ? bucket(q.targetW, PLOT_PX) : null;
  const optimum = run.optimum ? bucket(run.optimum.quarterImportW, PLOT_PX) : null;
  const kW = (a: ArrayLike<number>) => Float64Array.from(a, (w) => w / 1000);
  const hi = Math.max(...avg.max, ...(target?.max ?? [0]), ...(optimum?.max ?? [0]), 1) / 1000;
  const chart = new Chart({
    id: 'quarter-hours',
    title: 'Quarter-hour average import against its target',
    unit: 'kW; per pixel the highest quarter',
    x: [0, durationS],
    y: range(0, hi * 1.1),
    xTicks: ticks,
  });
  const xs = (b: { at: Float64Array }) => b.at.map((i) => i * 900);
  chart.band(xs(avg), kW(avg.min), kW(avg.max), '#2ca02c');
  chart.line(xs(avg), kW(avg.max), '#2ca02c', 'average import');
  if (target) chart.line(xs(target), kW(target.max), '#ff7f0e', 'target', true);
  if (optimum) chart.line(xs(optimum), kW(optimum.max), '#9467bd', 'the optimum', true);
  chart.hline(run.kpis.peak15mW / 1000, FUSE, `peak ${(run.kpis.peak15mW / 1000).toFixed(2)} kW`, 'peak');
  return chart.render();
}

export function sessionsPlot(run: SimRun): string | null {
  const sessions = run.sessions;
  if (sessions.length === 0) return null;
  // Many sessions (a plaza over a year): consecutive ones are summed so bars stay readable.
  const group = Math.ceil(sessions.length / MAX_SESSIONS);
  const n = Math.ceil(sessions.length / group);
  const requested = new Float64Array(n);
  const delivered = new Float64Array(n);
  const optimum = new Float64Array(n);
  sessions.forEach((s, i) => {
    const g = Math.floor(i / group);
    requested[g] = (requested[g] ?? 0) + s.requestedKWh;
    delivered[g] = (delivered[g] ?? 0) + s.deliveredKWh;
    optimum[g] = (optimum[g] ?? 0) + (s.optimumKWh ?? NaN);
  });
  const xs = Float64Array.from({ length: n }, (_, i) => i + 0.5);
  const every = Math.max(1, Math.ceil(n / 12));
  const ticks = Array.from({ length: n }, (_, i) => i)
    .filter((i) => i % every === 0)
    .map((i) => ({ at: i + 0.5, label: sessionLabel(run, i, group, n) }));
  const chart = new Chart({
    id: 'sessions',
    title: `Energy per EV session${group > 1 ? ` (${group} consecutive sessions per bar)` : ''}`,
    unit: 'kWh; x = session number by arrival',
    x: [0, n],
    y: range(0, Math.max(...requested, ...delivered, 1)),
    xTicks: ticks,
  });
  chart.bars(xs, delivered, 0.7, '#1f77b4', 'delivered');
  chart.bars(xs, requested, 0.7, '#222222', 'requested', true);
  if (sessions.some((s) => s.optimumKWh !== null)) {
    chart.markers(
      xs,
      optimum,
      '#9467bd',
      Array.from(optimum, (kWh, i) => `session ${i * group + 1}: the optimum ${kWh.toFixed(2)} kWh`),
      'the optimum',
    );
  }
  const missed = sessions.filter((s) => s.missed).length;
  return chart
    .render()
    .replace('</figcaption>', missed > 0 ? ` · ${missed} missed</figcaption>` : '</figcaption>');
}

/** Few sessions: number, charger and arrival; many: the number of the first in the bar. */
function sessionLabel(run: SimRun, i: number, group: number, bars: number): string {
  const s = run.sessions[i * group];
  if (group > 1 || bars > 8 || !s) return String(i * group + 1);
  return `${i + 1}: ${s.deviceId}, ${localLabel(run.startMs + s.arrivalS * 1000, run.site.site.timezone)}`;
}
