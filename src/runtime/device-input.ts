// What the drivers report, as the allocator's inputs; and the allocator's decisions, as the
// drivers' setpoints. Pure, so every rule is a table test (device-input.test.ts).
//
// A device the controller cannot steer this cycle (unreachable, faulted, refusing profiles, phases
// unknown, or measured ignoring its limit) is given to the allocator as not connected: it gets no
// share, and whatever it really draws is in the grid meter's reading, so it counts as base load and
// the others are reduced in the same cycle (fast down). A station that is unreachable may still
// draw what it was last allowed (its profile has not run out yet) or its fail-safe current after
// that (`heldA`): that much is reserved on its phases on top of the meter's reading, because the
// meter cannot show a car that is about to ramp back up. See docs/running.md "Devices out of control".
import type { DeviceInput, DeviceDecision } from '../core/inputs.js';
import type { DeviceDriver, DeviceState, Setpoint } from '../devices/driver.js';
import { phaseIndex, type Phase, type PhaseValues } from '../model/units.js';

export interface DeviceView {
  /** The input for the allocator. */
  input: DeviceInput;
  /** The allocator's decision is the device's setpoint (else the controller holds it at fail-safe). */
  controlled: boolean;
  /** Per site phase, what to add to the measured grid current for a device the meter may not show yet. */
  reserveA: PhaseValues;
  /** Why it is not controlled, or null. */
  reason: string | null;
}

/** `phases`: the site phases of the device's phases, in its order (the site model's, learned for `auto`). */
export function viewDevice(state: DeviceState, phases: readonly Phase[]): DeviceView {
  const reserveA: PhaseValues = [0, 0, 0];
  const controlled = state.available && state.follows !== false;
  if (!controlled) {
    if (!state.connected && state.heldA !== null && state.heldA > 0) {
      // Unknown phases (`auto` before the station said): assume every phase.
      const on = state.phases ?? (phases.length > 0 ? phases : (['L1', 'L2', 'L3'] as const));
      for (const p of on) reserveA[phaseIndex(p)] = Math.max(reserveA[phaseIndex(p)], state.heldA);
    }
    return {
      input: { connected: false },
      controlled: false,
      reserveA,
      reason: state.reason ?? (state.follows === false ? 'does not follow its limit' : 'unavailable'),
    };
  }
  const input: DeviceInput = { connected: state.vehicleConnected !== false };
  // The driver reports per site phase; the allocator wants the device's phases in its own order.
  if (state.measuredA) {
    const site = state.measuredA;
    input.measuredA = phases.map((p) => site[phaseIndex(p)]);
  }
  if (state.soc !== null) input.soc = state.soc;
  return { input, controlled: true, reserveA, reason: null };
}

/** The grid reading with the reservations of devices the meter cannot vouch for. */
export function withReserve(netCurrentA: number[] | null, reserves: readonly PhaseValues[]): number[] | null {
  if (netCurrentA === null) return null;
  let out: number[] | null = null;
  for (const r of reserves) {
    if (r[0] === 0 && r[1] === 0 && r[2] === 0) continue;
    out ??= [...netCurrentA];
    for (let p = 0; p < out.length; p++) out[p]! += r[p as 0 | 1 | 2];
  }
  return out ?? netCurrentA;
}

/**
 * The setpoint a driver gets this cycle. Controlled: the allocator's decision, with 1 phase when it
 * draws on one phase now (a 1-phase device, or a 3-phase one switched down; on an `it` network a
 * 1-phase load sits between two lines). Not controlled: its fail-safe current, which is what its
 * station falls back to anyway and lets it rejoin without a pause when it can be steered again.
 */
export function setpointFor(
  decision: DeviceDecision | undefined,
  view: DeviceView,
  failsafeA: number,
  configuredPhases: readonly Phase[],
  network: 'tn' | 'it',
): Setpoint {
  const phases = view.controlled && decision ? decision.phases : configuredPhases;
  const count: 1 | 3 = (network === 'it' ? phases.length <= 2 : phases.length === 1) ? 1 : 3;
  if (!view.controlled || !decision) return { currentA: failsafeA, phases: count };
  return { currentA: decision.setpointA, phases: count };
}

/** A driver whose state() throws is treated as unavailable, with the error as the reason. */
export function stateOf(driver: DeviceDriver): DeviceState {
  try {
    return driver.state();
  } catch (error) {
    return {
      connected: false,
      available: false,
      vehicleConnected: null,
      measuredA: null,
      powerW: null,
      energyKWh: null,
      soc: null,
      follows: null,
      reason: `state() failed: ${String(error)}`,
      heldA: null,
      phases: null,
    };
  }
}
