// The clocks that can hold a device at 0 or add a remark to its reason this cycle: the pv
// start/stop clock (solar.ts), the 1p/3p switch (phase-switch.ts), and the plan's own holds
// (mode off, not connected, minimum off time, the pause after a switch).
import type { DevicePlan } from './modes.js';
import { switchStep, wantedPhases, type SwitchFit } from './phase-switch.js';
import * as why from './reasons.js';
import type { ReasonTexts } from './reason-texts.js';
import { solarStep } from './solar.js';
import type { DeviceMemory } from './state.js';
import type { TopologyDevice } from './topology.js';

/** What a clock says this cycle: hold the device at 0 (with why), or a remark for the reason. */
export interface Gate {
  memory: Partial<DeviceMemory> | null;
  zero: string | null;
  remark: string | null;
}

export const OPEN: Gate = { memory: null, zero: null, remark: null };
/** The pv start/stop clock (pv mode only): holds a device that has not started at 0. */
export function solarGate(
  device: TopologyDevice,
  plan: DevicePlan,
  memory: DeviceMemory,
  targetA: number,
  ctx: { nowMs: number; siteImportW: number; reasons: why.ReasonContext },
): Gate {
  if (plan.mode !== 'pv' || plan.off !== null) return OPEN;
  const settings = device.config.solar;
  const covered = plan.solar === 'candidate' && targetA > 0;
  const step = solarStep(memory, covered, ctx.siteImportW, settings, ctx.nowMs);
  const minW = plan.range.minA * plan.wiring.wattsPerA;
  const text = why.solarReason(step.phase, ctx.reasons.surplusW, minW, ctx.siteImportW, settings, step.leftS);
  const holds = step.phase === 'idle' || step.phase === 'starting' || step.phase === 'stopped';
  return {
    memory: { solarActive: step.solarActive, solarSinceMs: step.solarSinceMs },
    zero: holds ? text : null,
    remark: step.phase === 'stopping' ? text : null,
  };
}

/** 1p/3p switching: a switch pauses the charger this cycle; a pending or capped switch is a remark. */
export function switchGate(
  device: TopologyDevice,
  plan: DevicePlan,
  memory: DeviceMemory,
  fit: SwitchFit | null,
  nowMs: number,
): Gate {
  // fit first: it is null for a device that cannot switch, and the device's objects are then
  // not read at all (a cache miss each in the pass over 10,000 devices).
  if (!fit) return OPEN;
  const config = device.config;
  if (!device.singlePhase || config.kind !== 'charger' || !config.phaseSwitching || plan.off !== null) {
    return OPEN;
  }
  // Staying, with no clock running: nothing to say and nothing to change (switchStep's "stay").
  if (wantedPhases(memory.phaseCount, fit) === null && memory.switchSinceMs === null) return OPEN;
  const settings = config.phaseSwitching;
  const sw = switchStep(memory, fit, settings, nowMs);
  const memoryOut = {
    phaseCount: sw.phaseCount,
    switches: sw.switches,
    switchPauseUntilMs: sw.switchPauseUntilMs,
    switchSinceMs: sw.switchSinceMs,
  };
  const other = memory.phaseCount === 1 ? 3 : 1;
  const text = why.switchReason(
    sw.phase,
    other,
    sw.switches,
    settings.maxSwitchesPerSession,
    settings.pauseS,
    sw.leftS,
  );
  return {
    memory: memoryOut,
    zero: sw.phase === 'switched' ? text : null,
    remark: sw.phase === 'switched' ? null : text,
  };
}

export function offReason(plan: DevicePlan, texts?: ReasonTexts): string | null {
  switch (plan.off?.kind) {
    case undefined:
      return null;
    case 'disconnected':
      return 'not connected';
    case 'mode':
      return 'mode off';
    case 'minOff':
      return texts
        ? texts.minOff(plan.off.leftS)
        : `paused: minimum off time, ${why.seconds(plan.off.leftS)} left`;
    case 'switchPause':
      return texts
        ? texts.switchPause(plan.off.leftS)
        : `paused after a phase switch, ${why.seconds(plan.off.leftS)} left`;
  }
}
