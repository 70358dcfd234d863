// Fast down, slow up (contract 2 item 5). A decrease takes effect in the same cycle. An increase
// waits until the target has stayed above the setpoint for increaseDelayS (the headroom is
// stable), then ramps at rampAPerS per second of elapsed time. Starting from 0 jumps to the
// minimum (a charger cannot run between 0 and its minimum, IEC 61851-1) and ramps from there.

export interface RampSettings {
  increaseDelayS: number;
  rampAPerS: number;
}

export interface RampDevice {
  minA: number;
  /** Setpoint resolution (0 = continuous). */
  stepA: number;
  /** Discrete devices (stepped, switch) jump to their target once the delay has passed. */
  discrete: boolean;
  /** increaseDelayS is multiplied by this (the raise back-off, hysteresis.ts raiseFactor); 1 when absent. */
  delayFactor?: number;
}

export interface RampMemory {
  /** Last setpoint sent. */
  setpointA: number;
  /** The unquantised ramp level (so that slow ramps with coarse steps still progress). */
  rampA: number;
  /** Since when the target has been above the setpoint, or null. */
  raiseSinceMs: number | null;
}

/** down: lowered now; steady: unchanged; waiting: the increase delay runs; ramping: rising; up: reached the target now. */
export type RampPhase = 'down' | 'steady' | 'waiting' | 'ramping' | 'up';

export interface RampResult extends RampMemory {
  phase: RampPhase;
  /** While waiting: seconds of the increase delay left. */
  waitLeftS: number;
  /** The factor the increase delay was multiplied by (RampDevice.delayFactor). */
  delayFactor: number;
}

const EPSILON = 1e-9;

/**
 * Rounds x down to the device's resolution above its minimum; never below minA when x ≥ minA. A
 * continuous current, or one under the minimum, goes down to the mA (to the nearest, a fail-safe
 * or ramp setpoint could read 0.5 mA above what was allowed); a step's value is on its grid, and
 * rounding it to the nearest mA only clears float noise (6 + 1 · 0.1 = 6.1000000000000005).
 */
export function quantiseDown(x: number, minA: number, stepA: number): number {
  if (stepA <= 0 || x <= minA) return Math.floor(x * 1000 + 1e-6) / 1000;
  return round(minA + Math.floor((x - minA) / stepA + EPSILON) * stepA);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function ramp(
  targetA: number,
  memory: RampMemory,
  device: RampDevice,
  settings: RampSettings,
  nowMs: number,
  elapsedS: number,
): RampResult {
  const out: RampResult = {
    setpointA: 0,
    rampA: 0,
    raiseSinceMs: null,
    phase: 'steady',
    waitLeftS: 0,
    delayFactor: 1,
  };
  return rampInto(targetA, memory, device, settings, nowMs, elapsedS, out);
}

/** ramp() into `out` (which may not be `memory`), for the allocator's loop over every device. */
export function rampInto(
  targetA: number,
  memory: RampMemory,
  device: RampDevice,
  settings: RampSettings,
  nowMs: number,
  elapsedS: number,
  out: RampResult,
): RampResult {
  const prev = memory.setpointA;
  out.delayFactor = device.delayFactor ?? 1;
  if (targetA <= prev + EPSILON) {
    return set(out, targetA, targetA, null, targetA < prev - EPSILON ? 'down' : 'steady', 0);
  }
  const raiseSinceMs = memory.raiseSinceMs ?? nowMs;
  const waitedS = (nowMs - raiseSinceMs) / 1000;
  const waitLeftS = settings.increaseDelayS * out.delayFactor - waitedS;
  if (waitLeftS > EPSILON) return set(out, prev, prev, raiseSinceMs, 'waiting', waitLeftS);
  let rampA: number;
  if (device.discrete) {
    rampA = targetA;
  } else if (prev <= EPSILON && device.minA > 0) {
    rampA = Math.min(targetA, device.minA);
  } else {
    // Ramp only over the time since the delay ran out, not over the whole wait.
    const rampS = Math.min(elapsedS, -waitLeftS);
    rampA = Math.min(targetA, Math.max(memory.rampA, prev) + settings.rampAPerS * rampS);
  }
  const setpointA =
    rampA >= targetA - EPSILON ? targetA : Math.max(prev, quantiseDown(rampA, device.minA, device.stepA));
  const done = setpointA >= targetA - EPSILON;
  return set(
    out,
    setpointA,
    done ? setpointA : rampA,
    done ? null : raiseSinceMs,
    done ? 'up' : 'ramping',
    0,
  );
}

function set(
  out: RampResult,
  setpointA: number,
  rampA: number,
  raiseSinceMs: number | null,
  phase: RampPhase,
  waitLeftS: number,
): RampResult {
  out.setpointA = setpointA;
  out.rampA = rampA;
  out.raiseSinceMs = raiseSinceMs;
  out.phase = phase;
  out.waitLeftS = waitLeftS;
  return out;
}
