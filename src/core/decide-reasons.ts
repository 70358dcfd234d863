// The reason of a device the clocks let run (decide.ts): what bounds its target (the plan's floor,
// an unused offer's cap, a line, the solar minimum or its maximum) and the remarks on the way (a
// phase switch, a ramp), or, for a device the limits paused, the numbers its text is made of.
import type { DevicePlan } from './modes.js';
import type { RampResult } from './ramp.js';
import * as why from './reasons.js';
import type { DecideContext, SolvedDevice } from './decide.js';
import type { PausedNumbers } from './decisions.js';
import type { DeviceMemory } from './state.js';

/**
 * The reason of a device the clocks let run, or null for one the limits paused: then its numbers
 * are in `paused` (a text made per device, read for few of them at 10,000 devices).
 */
export function reasonFor(
  plan: DevicePlan,
  before: DeviceMemory,
  waitingSinceMs: number | null,
  solved: SolvedDevice,
  stepped: RampResult,
  setpointA: number,
  solarRemark: string | null,
  remarks: readonly string[],
  ctx: DecideContext,
  paused: PausedNumbers,
): string | null {
  if (solved.overload) return why.overloadReason(solved.overload);
  if (solved.targetA <= 0) {
    paused.availableA = solved.availableA;
    paused.minA = solved.minA;
    paused.forS = (ctx.nowMs - (waitingSinceMs ?? ctx.nowMs)) / 1000;
    paused.lineLabel = solved.availableLine?.label ?? null;
    const shortage = solved.shed && (solved.availableLine?.sharing ?? 0) > 0;
    paused.shortageKWh = shortage ? before.energyKWh : NaN;
    return null;
  }
  let reason = solarRemark ?? limitPart(plan, before, solved, ctx, solved.priority);
  for (const remark of remarks) reason += `; ${remark}`;
  if ((stepped.phase === 'waiting' || stepped.phase === 'ramping') && setpointA < solved.targetA) {
    const { phase, waitLeftS, delayFactor } = stepped;
    reason += `; ${why.rampRemark(phase, solved.targetA, ctx.site.rampAPerS, waitLeftS, delayFactor)}`;
  }
  return reason;
}

/** What bounds the target: the plan's floor, an unused offer's cap, a line, or the maximum. */
function limitPart(
  plan: DevicePlan,
  before: DeviceMemory,
  solved: SolvedDevice,
  ctx: DecideContext,
  priority: number,
): string {
  const floor = plan.planFloorA !== null ? `plan needs ≥ ${why.amps(plan.planFloorA)}; ` : '';
  const binding = solved.binding;
  if (before.unusedCapA !== null && solved.targetA >= solved.maxA - 1e-9) {
    const drawingA = Number.isNaN(solved.drawingA) ? null : solved.drawingA;
    return floor + why.unusedReason(drawingA, before.setpointA, before.unusedCapA);
  }
  if (binding?.kind === 'surplus' && plan.solar === 'credited' && solved.targetA <= solved.minA + 1e-9) {
    const minA = solved.minA;
    const minW = minA * plan.wiring.wattsPerA;
    const surplusW = ctx.reasons.surplusW;
    return (
      floor +
      (ctx.texts
        ? ctx.texts.solarMinimum(surplusW, minA, minW)
        : why.solarMinimumReason(surplusW, minA, minW))
    );
  }
  // Handed out as it is without a floor, not as '' + text: a concatenation reads the string (its
  // length and kind), and at 10,000 devices the texts of 3,000 lines by priority lie spread over
  // the heap, a cache miss per device (about 2.5 % of the hard site's cycle: docs/benchmarks.md,
  // session 10).
  if (binding) {
    return plan.planFloorA === null
      ? limitText(binding, ctx, priority)
      : floor + limitText(binding, ctx, priority);
  }
  return floor + (ctx.texts ? ctx.texts.atMaximum(solved.targetA) : `at maximum ${why.amps(solved.targetA)}`);
}

/** why.limitReason, made once while the line's numbers stay the same (with the texts' cache). */
function limitText(binding: why.LineView, ctx: DecideContext, priority: number): string {
  if (!ctx.texts) return why.limitReason(binding, ctx.reasons, priority);
  return ctx.texts.limit(binding.line, binding, ctx.reasons, priority);
}
