// A device's memory at the start of a cycle: a cold start, a new session (plugged in), or the
// last cycle's memory with this interval's energy added and the unused-offer clock advanced.
import type { SiteSettings } from '../site/schema.js';
import { deviceDraw, type DeviceDraw } from './estimate.js';
import type { DeviceInput } from './inputs.js';
import { offerStep } from './offer.js';
import { quantiseDown } from './ramp.js';
import { freshMemory, type DeviceMemory } from './state.js';
import type { DeviceRange, DeviceWiring, TopologyDevice } from './topology.js';

export interface DeviceStart {
  memory: DeviceMemory;
  connected: boolean;
  wiring: DeviceWiring;
  draw: DeviceDraw;
}

export function startDevice(
  device: TopologyDevice,
  previous: DeviceMemory | undefined,
  input: DeviceInput | undefined,
  site: SiteSettings,
  nowMs: number,
  elapsedS: number,
): DeviceStart {
  const connected = input?.connected ?? true;
  // The configured phases in order (the topology's full wiring).
  const configured = device.wiring.sitePhases;
  let memory: DeviceMemory;
  if (previous === undefined) {
    // Cold start (docs/algorithm.md "Cold start"): what it draws now stands for the last setpoint,
    // and the increase delay counts as served, so it may go to its minimum at once and ramp on.
    const probe = deviceDraw(configured, device.wiring, Infinity, input);
    const drawing = connected ? allowedAtOrBelow(device.wiring.range, probe.drawingA ?? 0) : 0;
    memory = freshMemory(connected, drawing, 3);
    memory.raiseSinceMs = nowMs - site.increaseDelayS * 1000;
    if (drawing > 0) memory.onSinceMs = nowMs;
  } else if (previous.connected !== connected) {
    memory = freshMemory(connected, 0, 3);
  } else {
    memory = previous;
  }
  const wiring = memory.phaseCount === 1 && device.singlePhase ? device.singlePhase : device.wiring;
  const draw = deviceDraw(configured, wiring, connected ? memory.setpointA : 0, input);

  let energyKWh = memory.energyKWh;
  if (input?.energyKWh !== undefined) energyKWh = input.energyKWh;
  else if (connected && elapsedS > 0) {
    let perPhaseA = memory.setpointA;
    const measuredA = draw.measuredA;
    if (measuredA) {
      const phases = wiring.sitePhases;
      let sum = 0;
      for (let k = 0; k < phases.length; k++) sum += measuredA[phases[k]!];
      perPhaseA = sum / phases.length;
    }
    energyKWh += (perPhaseA * wiring.wattsPerA * elapsedS) / 3.6e6;
  }
  const next = copyMemory(memory, connected, energyKWh);
  if (device.config.kind === 'charger' && connected) {
    const offer = offerStep(memory, memory.setpointA, draw.drawingA, wiring.range.minA, nowMs);
    next.unusedSinceMs = offer.unusedSinceMs;
    next.unusedCapA = offer.unusedCapA;
  } else {
    next.unusedSinceMs = null;
    next.unusedCapA = null;
  }
  return { memory: next, connected, wiring, draw };
}

/** A copy of a memory with this cycle's connection and energy (every field listed: one object shape). */
function copyMemory(m: DeviceMemory, connected: boolean, energyKWh: number): DeviceMemory {
  return {
    connected,
    energyKWh,
    setpointA: m.setpointA,
    rampA: m.rampA,
    raiseSinceMs: m.raiseSinceMs,
    onSinceMs: m.onSinceMs,
    offSinceMs: m.offSinceMs,
    waitingSinceMs: m.waitingSinceMs,
    solarActive: m.solarActive,
    solarSinceMs: m.solarSinceMs,
    unusedSinceMs: m.unusedSinceMs,
    unusedCapA: m.unusedCapA,
    phaseCount: m.phaseCount,
    switches: m.switches,
    switchPauseUntilMs: m.switchPauseUntilMs,
    switchSinceMs: m.switchSinceMs,
  };
}

/** The largest allowed current at or below x (0 when under the minimum). */
function allowedAtOrBelow(range: DeviceRange, x: number): number {
  if (x <= 0) return 0;
  const capped = Math.min(x, range.maxA);
  if (range.levelsA) return [...range.levelsA].reverse().find((l) => l <= capped + 1e-9) ?? 0;
  if (capped < range.minA - 1e-9) return 0;
  return quantiseDown(capped, range.minA, range.stepA);
}
