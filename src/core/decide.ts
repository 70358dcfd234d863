// After the solver: one device's setpoint, memory and reason for this cycle. The target is the
// solver's answer; the setpoint is what the timers allow now: fast down, slow up (ramp.ts), the
// pv start/stop clock (solar.ts), minimum off time, and the pause after a 1p/3p switch.
import type { SiteSettings } from '../site/schema.js';
import type { DevicePlan } from './modes.js';
import { type SwitchFit } from './phase-switch.js';
import { rampInto, type RampDevice, type RampResult } from './ramp.js';
import type * as why from './reasons.js';
import { OPEN, offReason, solarGate, switchGate } from './decide-gates.js';
import { nextDrop, nextPauseStreak, raiseFactor } from './hysteresis.js';
import type { ReasonTexts } from './reason-texts.js';
import { emptyDecided, type Decided } from './decisions.js';
import { reasonFor } from './decide-reasons.js';
import { copyMemory, type DeviceMemory } from './state.js';
import type { DeviceWiring, TopologyDevice } from './topology.js';

export interface SolvedDevice {
  targetA: number;
  binding: why.LineView | null;
  shed: boolean;
  /** What it could get at most now, and where (for paused devices). */
  availableA: number;
  availableLine: why.LineView | null;
  /** A line over its limit with every device off, that this device loads. */
  overload: why.LineView | null;
  /**
   * Its largest measured phase current, NaN when it reports none (a number field throughout: a
   * field that held null and numbers by turns deoptimized the loop that fills it, cycle after cycle).
   */
  drawingA: number;
  /** Its plan's range (plan.range's numbers, from the cycle's columns: session.ts rangeColumns). */
  minA: number;
  maxA: number;
  stepA: number;
  /** The range is a list of levels. */
  discrete: boolean;
  /** The device's priority and its two wirings (the topology's, from the cycle's columns). */
  priority: number;
  full: DeviceWiring | null;
  one: DeviceWiring | undefined;
}

export interface DecideContext {
  site: SiteSettings;
  nowMs: number;
  elapsedS: number;
  siteImportW: number;
  reasons: why.ReasonContext;
  /** Reason texts kept from cycle to cycle (the topology's): many devices share a line. */
  texts?: ReasonTexts;
  /** Scratch objects for the loop over every device (decide keeps nothing in them between calls). */
  scratch?: DecideScratch;
}

export interface DecideScratch {
  rampDevice: RampDevice;
  ramp: RampResult;
}

export function decideScratch(): DecideScratch {
  return {
    rampDevice: { minA: 0, stepA: 0, discrete: false },
    ramp: { setpointA: 0, rampA: 0, raiseSinceMs: null, phase: 'steady', waitLeftS: 0, delayFactor: 1 },
  };
}

const NO_REMARKS: readonly string[] = [];

/**
 * @param memory the device's memory this cycle (from startDevice). When `owned`, it is this cycle's
 * working copy and decide updates it in place; otherwise it is the previous state's object, kept
 * as it is when nothing changes and copied when something does (the input state is never touched).
 * @param out filled and returned when given (the allocator's loop reuses one)
 */
export function decide(
  device: TopologyDevice,
  plan: DevicePlan,
  memory: DeviceMemory,
  solved: SolvedDevice,
  fit: SwitchFit | null,
  ctx: DecideContext,
  owned = true,
  out?: Decided,
): Decided {
  const { nowMs } = ctx;
  const targetA = solved.targetA;
  const scratch = ctx.scratch ?? decideScratch();
  // The gates are called only for a device they can concern (pv mode, a charger that can switch):
  // a call that never runs is not inlined, and V8's budget for inlining into decide then goes to
  // the memory row's accessors, which run for every device. Not inlined, each accessor is a call
  // and each number passed to a setter a new heap number (issue 3, docs/design-columnar.md).
  const solar =
    plan.mode === 'pv' && plan.off === null ? solarGate(device, plan, memory, targetA, ctx) : OPEN;
  const zeroBecause = (plan.off === null ? null : offReason(plan, ctx.texts)) ?? solar.zero;
  const rampDevice = scratch.rampDevice;
  rampDevice.minA = solved.minA;
  rampDevice.stepA = solved.stepA;
  rampDevice.discrete = solved.discrete;
  // Without a streak of decreases the factor is 1 (raiseFactor's first test), asked here: a call
  // passes targetA and nowMs as heap numbers, and decide cannot inline every callee.
  rampDevice.delayFactor = memory.dropStreak >= 2 ? raiseFactor(memory, targetA, nowMs) : 1;
  const stepped = rampInto(targetA, memory, rampDevice, ctx.site, nowMs, ctx.elapsedS, scratch.ramp);
  const sw = fit === null ? OPEN : switchGate(device, plan, memory, fit, nowMs);
  const switched = sw.zero !== null;
  const held = zeroBecause !== null || switched;
  const setpointA = held ? 0 : stepped.setpointA;

  // On/off clocks: the turn counts from a start; minOffS from a pause the limits caused.
  const wantsToRun = plan.off === null || plan.off.kind === 'minOff' || plan.off.kind === 'switchPause';
  // Read and written only when they change: a timestamp read from or written to a large site's
  // memory row is a new heap number each time (memory-table.ts), and most devices neither start
  // nor stop in a cycle.
  let onChanged = false;
  let onSinceMs: number | null = null;
  let offChanged = false;
  let offSinceMs: number | null = null;
  let pauseStreak = memory.pauseStreak ?? 0;
  const previousA = memory.setpointA;
  if (previousA <= 0 && setpointA > 0) {
    onChanged = true;
    onSinceMs = nowMs;
  }
  if (previousA > 0 && setpointA <= 0) {
    onChanged = true;
    onSinceMs = null;
    if (wantsToRun && !switched) {
      pauseStreak = nextPauseStreak(pauseStreak, memory.offSinceMs, nowMs);
      offChanged = true;
      offSinceMs = nowMs;
    }
  }
  const waitingBefore = memory.waitingSinceMs;
  const waitingSinceMs = wantsToRun && setpointA <= 0 ? (waitingBefore ?? nowMs) : null;
  // Lowered by a limit but still running: the raise back-off's streak (hysteresis.ts nextDrop). A
  // fuse line, the quarter-hour budget and the external limit all see the device through the same
  // lagging estimate. Not the solar surplus: following a cloud down and up is the mode's job, with
  // its own start/stop clocks.
  const kind = solved.binding?.kind;
  const drop =
    setpointA > 0 &&
    setpointA < previousA - 1e-9 &&
    kind !== undefined &&
    kind !== 'surplus' &&
    kind !== 'surplusStart'
      ? nextDrop(memory, previousA, nowMs)
      : null;

  const target = out ?? emptyDecided();
  const switchRemarks = sw.remark === null ? NO_REMARKS : [sw.remark];
  const reason =
    sw.zero ??
    (zeroBecause !== null
      ? switchRemarks.length === 0
        ? zeroBecause
        : [zeroBecause, ...switchRemarks].join('; ')
      : reasonFor(
          plan,
          memory,
          waitingSinceMs,
          solved,
          stepped,
          setpointA,
          solar.remark,
          switchRemarks,
          ctx,
          target.paused,
        ));

  // Everything read: now the memory moves on (a shared memory is copied only when it changes).
  const rampA = held ? 0 : stepped.rampA;
  const raiseSinceMs = switched ? null : stepped.raiseSinceMs;
  const next =
    owned ||
    changes(memory, solar.memory) ||
    changes(memory, sw.memory) ||
    !Object.is(previousA, setpointA) ||
    !Object.is(memory.rampA, rampA) ||
    memory.raiseSinceMs !== raiseSinceMs ||
    (onChanged && memory.onSinceMs !== onSinceMs) ||
    (offChanged && memory.offSinceMs !== offSinceMs) ||
    memory.pauseStreak !== pauseStreak ||
    drop !== null ||
    waitingBefore !== waitingSinceMs
      ? owned
        ? memory
        : copyMemory(memory)
      : null;
  if (next) {
    if (solar.memory) Object.assign(next, solar.memory);
    if (sw.memory) Object.assign(next, sw.memory);
    next.setpointA = setpointA;
    next.rampA = rampA;
    next.raiseSinceMs = raiseSinceMs;
    if (onChanged) next.onSinceMs = onSinceMs;
    if (offChanged) next.offSinceMs = offSinceMs;
    next.pauseStreak = pauseStreak;
    if (drop) {
      next.dropFromA = drop.dropFromA;
      next.dropSinceMs = drop.dropSinceMs;
      next.dropStreak = drop.dropStreak;
    }
    if (waitingBefore !== waitingSinceMs) next.waitingSinceMs = waitingSinceMs;
  }
  const after = next ?? memory;

  const off = plan.off;
  target.memory = after;
  target.targetA = targetA;
  target.setpointA = setpointA;
  target.status =
    off !== null && off.kind === 'disconnected'
      ? 'disconnected'
      : off !== null && off.kind === 'mode'
        ? 'off'
        : setpointA > 0
          ? 'running'
          : 'paused';
  target.wiring = after.phaseCount === 1 && solved.one ? solved.one : (solved.full ?? device.wiring);
  target.reason = reason;
  target.limitedBy = solved.binding?.label ?? solved.availableLine?.label ?? null;
  return target;
}

/** Whether a clock's update would change the memory. */
function changes(memory: DeviceMemory, update: Partial<DeviceMemory> | null): boolean {
  if (update === null) return false;
  for (const key in update) {
    if (!Object.is(memory[key as keyof DeviceMemory], update[key as keyof DeviceMemory])) return true;
  }
  return false;
}
