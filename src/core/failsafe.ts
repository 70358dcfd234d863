// Stale or missing meter data → every device to its fail-safe current within one cycle
// (contract 2 item 6). The fail-safe never raises a setpoint: a running device goes down to
// min(setpoint, failsafeA), or to 0 when that is under its minimum; a paused device stays paused,
// since starting a load blind is the one thing the fail-safe must not do.
import type { SiteSettings } from '../site/schema.js';
import { phaseNames } from './decisions.js';
import type { DeviceDecision } from './inputs.js';
import { quantiseDown } from './ramp.js';
import { failsafeReason } from './reasons.js';
import type { DeviceMemory } from './state.js';
import type { DeviceRange, TopologyDevice } from './topology.js';

export function failsafeValueA(range: DeviceRange, setpointA: number, failsafeA: number): number {
  const ceiling = Math.min(setpointA, failsafeA, range.maxA);
  if (ceiling <= 0) return 0;
  if (range.levelsA) return [...range.levelsA].reverse().find((l) => l <= ceiling + 1e-9) ?? 0;
  if (ceiling < range.minA - 1e-9) return 0;
  return quantiseDown(ceiling, range.minA, range.stepA);
}

export function failsafeDevice(
  device: TopologyDevice,
  memory: DeviceMemory,
  connected: boolean,
  site: SiteSettings,
  ageS: number | null,
  nowMs: number,
): { decision: DeviceDecision; memory: DeviceMemory } {
  const config = device.config;
  const wiring = memory.phaseCount === 1 && device.singlePhase ? device.singlePhase : device.wiring;
  const running = connected && config.mode !== 'off';
  const valueA = running
    ? failsafeValueA(wiring.range, memory.setpointA, config.failsafeA ?? site.failsafeA)
    : 0;
  // memory is this cycle's working copy (from startDevice): updated in place.
  if (memory.setpointA > 0 && valueA <= 0) {
    memory.onSinceMs = null;
    if (running) memory.offSinceMs = nowMs;
  }
  memory.setpointA = valueA;
  memory.rampA = valueA;
  memory.raiseSinceMs = null;
  const reason = !connected
    ? 'not connected'
    : config.mode === 'off'
      ? 'mode off'
      : failsafeReason(ageS, valueA);
  return {
    decision: {
      id: device.id,
      targetA: valueA,
      setpointA: valueA,
      phases: phaseNames(wiring),
      powerW: Math.round(valueA * wiring.wattsPerA),
      status: !connected ? 'disconnected' : config.mode === 'off' ? 'off' : 'failsafe',
      reason,
      limitedBy: null,
    },
    memory,
  };
}
