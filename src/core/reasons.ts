// A reason for every device every cycle (contract 2 item 7), naming the binding constraint and
// its numbers: "limited by garage L3: 4.2 A headroom", "paused: 3.1 A available < 6 A minimum for
// 12 s", "solar: 1.8 kW surplus", "quarter-hour budget 2.4 kW", "fail-safe: meter data 4.1 s old".
import type { QuarterBudget } from './peak.js';
import type { SwitchPhase } from './phase-switch.js';
import type { LineKind } from './problem.js';
import type { SolarPhase } from './solar.js';

export function amps(a: number): string {
  return `${trim(a)} A`;
}

export function kilowatts(w: number): string {
  return `${(w / 1000).toFixed(1)} kW`;
}

export function seconds(s: number): string {
  return `${Math.ceil(s - 1e-9)} s`;
}

function trim(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** What a line means for the reasons: its kind, label, and what the devices had on it. */
export interface LineView {
  /** Its index among the cycle's solver lines. */
  line: number;
  kind: LineKind;
  label: string;
  /** Amps the devices could draw on it this cycle (site amps for budgets). */
  capacityA: number;
  /** How many devices got current on it. */
  sharing: number;
  /** The highest priority among the devices that got current on it. */
  topPriority: number;
}

export interface ReasonContext {
  voltageV: number;
  quarter: QuarterBudget | null;
  /** Export available to pv-like devices, W. */
  surplusW: number;
  /** The schedule entry lowering main, as "17:00–21:00 40 A", or null. */
  schedule: string | null;
}

/** "limited by main L2: 4.2 A headroom" and its kin, for the line that bound a device's target. */
export function limitReason(line: LineView, ctx: ReasonContext, priority = line.topPriority): string {
  const first = line.topPriority > priority ? `, priority ${line.topPriority} served first` : '';
  const shared = line.sharing > 1 ? ` shared by ${line.sharing}${first}` : '';
  switch (line.kind) {
    case 'phase': {
      const peakHours =
        ctx.schedule !== null && line.label.startsWith('main ') ? ` (peak hours ${ctx.schedule})` : '';
      return `limited by ${line.label}: ${amps(line.capacityA)} headroom${shared}${peakHours}`;
    }
    case 'neutral':
      return `limited by neutral: ${amps(line.capacityA)} limit`;
    case 'peak': {
      const q = ctx.quarter;
      const detail = q
        ? ` (target ${kilowatts(q.targetW)}, ${seconds(q.remainingS)} left in the quarter)`
        : '';
      return `quarter-hour budget ${kilowatts(line.capacityA * ctx.voltageV)} for the devices${shared}${detail}`;
    }
    case 'external':
      return `limited by external limit: ${kilowatts(line.capacityA * ctx.voltageV)}${shared}`;
    case 'surplus':
    case 'surplusStart':
      return `solar: ${kilowatts(ctx.surplusW)} surplus${shared}`;
  }
}

/**
 * "paused: 3.1 A available on c12 L2 < 6 A minimum for 12 s", and when it was shed in a shortage
 * (shortageKWh not NaN) "; shortage: …" with its session energy.
 */
export function pausedReason(
  availableA: number,
  minA: number,
  forS: number,
  lineLabel: string | null,
  shortageKWh = NaN,
): string {
  const where = lineLabel !== null ? ` on ${lineLabel}` : '';
  const paused = `paused: ${amps(Math.max(0, availableA))} available${where} < ${amps(minA)} minimum for ${seconds(forS)}`;
  return Number.isNaN(shortageKWh) ? paused : `${paused}; ${shortageRemark(shortageKWh)}`;
}

export function overloadReason(line: LineView): string {
  return `cut: ${line.label} over its limit by ${amps(-line.capacityA)} with every device off`;
}

export function failsafeReason(ageS: number | null, valueA: number): string {
  const data = ageS === null ? 'no meter data' : `meter data ${trim(ageS)} s old`;
  return `fail-safe: ${data} → ${amps(valueA)}`;
}

export function rampRemark(
  phase: 'waiting' | 'ramping',
  targetA: number,
  rampAPerS: number,
  leftS: number,
  /** The raise back-off's factor on the increase delay (hysteresis.ts raiseFactor). */
  backOff = 1,
): string {
  if (phase !== 'waiting') return `ramping up to ${amps(targetA)} (+${trim(rampAPerS)} A/s)`;
  const wait = `increase to ${amps(targetA)} in ${seconds(leftS)} if the headroom stays`;
  return backOff > 1 ? `${wait} (${backOff}× the delay: lowered from there again and again)` : wait;
}

export function shortageRemark(energyKWh: number): string {
  return `shortage: ${energyKWh.toFixed(1)} kWh this session, pauses go by priority, then most session energy`;
}

export function unusedReason(drawingA: number | null, offeredA: number, capA: number): string {
  const drawing = drawingA === null ? 'less' : amps(drawingA);
  return `drawing ${drawing} of ${amps(offeredA)} offered: capped at ${amps(capA)}, the rest to others`;
}

export function solarMinimumReason(surplusW: number, minA: number, minW: number): string {
  return `solar: ${kilowatts(surplusW)} surplus < ${kilowatts(minW)}: at minimum ${amps(minA)}`;
}

/** The pv clock's phases in words. */
export function solarReason(
  phase: SolarPhase,
  surplusW: number,
  minW: number,
  importW: number,
  settings: { stopImportW: number; stopDelayS: number },
  leftS: number,
): string {
  const surplus = `solar: ${kilowatts(surplusW)} surplus`;
  const importing = `importing ${kilowatts(importW)} > ${kilowatts(settings.stopImportW)}`;
  switch (phase) {
    case 'idle':
      return `${surplus} < ${kilowatts(minW)} minimum`;
    case 'starting':
      return `${surplus} ≥ ${kilowatts(minW)}, starting in ${seconds(leftS)}`;
    case 'stopping':
      return `${surplus} < ${kilowatts(minW)} minimum, ${importing}: stopping in ${seconds(leftS)}`;
    case 'stopped':
      return `solar: ${importing} for ${seconds(settings.stopDelayS)}, stopped`;
    case 'started':
    case 'running':
      return surplus;
  }
}

/** 1p/3p switching in words ("to" is the phase count it switches, or would switch, to). */
export function switchReason(
  phase: SwitchPhase,
  to: 1 | 3,
  switches: number,
  maxSwitches: number,
  pauseS: number,
  leftS: number,
): string | null {
  const phases = to === 1 ? '1 phase' : '3 phases';
  switch (phase) {
    case 'switched':
      return `switching to ${phases}: paused ${seconds(pauseS)} (switch ${switches} of ${maxSwitches} this session)`;
    case 'capped':
      return `${phases} would fit, but no switches left (${switches} of ${maxSwitches})`;
    case 'pending':
      return `switching to ${phases} in ${seconds(leftS)}`;
    case 'stay':
      return null;
  }
}
