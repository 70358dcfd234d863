// Drives allocate() over simulated seconds with a fake clock and a tiny site physics: each
// device draws what it was told one cycle earlier (capped by what it wants, e.g. a car near a full
// battery), the grid meter reads base load + devices − PV per phase. For multi-cycle table tests.
import type { PhaseValues } from '../../model/units.js';
import { phaseIndex } from '../../model/units.js';
import type { SiteConfig } from '../../site/schema.js';
import { allocate, type AllocationResult } from '../allocate.js';
import type { AllocatorInputs, DeviceInput } from '../inputs.js';
import { emptyState, type AllocatorState } from '../state.js';

export interface DriveDevice {
  /** Draws at most this per phase, A (default: whatever it is told). */
  wantsA?: number | ((tS: number) => number);
  connected?: boolean | ((tS: number) => boolean);
  /** Reports no measurement (a heat pump behind a relay). */
  unmetered?: boolean;
  /**
   * Its measurement is this many steps old (a station's MeterValues behind the 1 s grid meter),
   * while the grid meter sees what it draws now.
   */
  measuredLagSteps?: number;
}

export interface DriveOptions {
  site: SiteConfig;
  /** Base load per site phase at a time (s from the start), import positive. */
  baseA: (tS: number) => PhaseValues;
  devices?: Record<string, DriveDevice>;
  /** PV production, W, spread evenly over the site's phases. */
  pvW?: (tS: number) => number;
  /** Extra inputs per cycle (external limit, quarter-hour energy, stale meter). */
  extra?: (tS: number) => Partial<AllocatorInputs>;
  startIso?: string;
  seconds: number;
  stepS?: number;
  state?: AllocatorState;
}

export interface DriveStep {
  tS: number;
  result: AllocationResult;
  /** What the grid meter read at this step, per site phase. */
  gridA: PhaseValues;
  /** What each device drew at this step, per phase. */
  drawA: Record<string, number>;
}

export function drive(options: DriveOptions): DriveStep[] {
  const { site } = options;
  const stepS = options.stepS ?? 1;
  const startMs = Date.parse(options.startIso ?? '2026-11-24T10:00:00+01:00');
  const phases = site.site.phases;
  const voltageV = site.site.voltageV;
  let state = options.state ?? emptyState();
  const sent: Record<string, { setpointA: number; phases: number[] }> = {};
  const drawn: Record<string, number[]> = {};
  const steps: DriveStep[] = [];
  for (let tS = 0; tS <= options.seconds; tS += stepS) {
    const base = options.baseA(tS);
    const grid: PhaseValues = [base[0], base[1], base[2]];
    const pvA = (options.pvW?.(tS) ?? 0) / (voltageV * phases);
    for (let p = 0; p < phases; p++) grid[p as 0] -= pvA;
    const devices: Record<string, DeviceInput> = {};
    const drawA: Record<string, number> = {};
    for (const d of site.devices) {
      const spec = options.devices?.[d.id] ?? {};
      const connected = typeof spec.connected === 'function' ? spec.connected(tS) : (spec.connected ?? true);
      const wants = typeof spec.wantsA === 'function' ? spec.wantsA(tS) : (spec.wantsA ?? Infinity);
      const told = sent[d.id];
      const draw = connected && told ? Math.min(told.setpointA, wants) : 0;
      drawA[d.id] = draw;
      const on = told?.phases ?? d.phases.map(phaseIndex);
      for (const p of on) grid[p as 0] += draw;
      const history = (drawn[d.id] ??= []);
      history.push(draw);
      const lag = Math.min(spec.measuredLagSteps ?? 0, history.length - 1);
      const reported = history[history.length - 1 - lag]!;
      const measuredA = d.phases.map((p) => (on.includes(phaseIndex(p)) ? reported : 0));
      devices[d.id] = spec.unmetered ? { connected } : { connected, measuredA };
    }
    const gridA: PhaseValues = [round(grid[0]), round(grid[1]), round(grid[2])];
    const nowMs = startMs + tS * 1000;
    const inputs: AllocatorInputs = {
      time: new Date(nowMs).toISOString(),
      grid: { netCurrentA: gridA.slice(0, phases), ageS: 0.2 },
      devices,
      ...options.extra?.(tS),
    };
    const result = allocate(site, inputs, state, nowMs);
    state = result.state;
    for (const dec of result.devices)
      sent[dec.id] = { setpointA: dec.setpointA, phases: dec.phases.map(phaseIndex) };
    steps.push({ tS, result, gridA, drawA });
  }
  return steps;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The decision for a device at a step. */
export function decisionOf(step: DriveStep | undefined, id: string) {
  const d = step?.result.devices.find((x) => x.id === id);
  if (!d) throw new Error(`no decision for ${id}`);
  return d;
}

/** The step at a time. */
export function at(steps: DriveStep[], tS: number): DriveStep {
  const s = steps.find((x) => x.tS === tS);
  if (!s) throw new Error(`no step at ${tS} s`);
  return s;
}
