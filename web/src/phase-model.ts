// What the phase bars draw, computed from the live state: per circuit and phase, the base load and
// each device's current stacked, against limit − margin, the limit and the fuse.
import type { LiveCircuit, LiveDevice } from './types.js';

export type Level = 'ok' | 'near' | 'over';

/** Within this of limit − margin counts as near: the allocator is about to hold devices back. */
const NEAR_A = 1;

/** Red above the limit itself, amber from just under the margin's line. */
export function phaseLevel(currentA: number, limitA: number, marginA: number): Level {
  if (currentA > limitA) return 'over';
  if (currentA >= limitA - marginA - NEAR_A) return 'near';
  return 'ok';
}

/** The circuit and every circuit below it. */
export function subtree(circuits: readonly LiveCircuit[], id: string): Set<string> {
  const ids = new Set([id]);
  // The list is in tree order (parents first), so one pass collects every descendant.
  for (const c of circuits) if (c.parent !== null && ids.has(c.parent)) ids.add(c.id);
  return ids;
}

/** The device's current on site phase `ix` (0 = L1): measured when it reports it, else its setpoint. */
export function deviceCurrentA(device: LiveDevice, ix: number): number {
  if (device.measuredA) return device.measuredA[ix] ?? 0;
  return device.phases.includes(`L${ix + 1}` as LiveDevice['phases'][number]) ? device.setpointA : 0;
}

export interface PhaseBar {
  phase: string;
  /** Measured at the circuit (null when it has no meter: the bar then shows the estimate). */
  measuredA: number | null;
  baseA: number;
  devices: { id: string; colour: number; currentA: number }[];
  /** Where the bar shows the total: measured, else base + devices. */
  totalA: number;
  level: Level;
}

export interface CircuitBars {
  id: string;
  fuseA: number;
  limitA: number;
  marginA: number;
  /** The bar's full length, A. */
  scaleA: number;
  phases: PhaseBar[];
}

export function circuitBars(
  circuit: LiveCircuit,
  circuits: readonly LiveCircuit[],
  devices: readonly LiveDevice[],
  phaseCount: number,
): CircuitBars {
  const inside = subtree(circuits, circuit.id);
  const phases: PhaseBar[] = [];
  for (let ix = 0; ix < phaseCount; ix++) {
    const parts = devices.flatMap((d, colour) =>
      inside.has(d.circuit) ? [{ id: d.id, colour, currentA: Math.max(0, deviceCurrentA(d, ix)) }] : [],
    );
    const baseA = circuit.baseLoadA[ix] ?? 0;
    const measuredA = circuit.measuredA?.[ix] ?? null;
    const totalA = measuredA ?? baseA + parts.reduce((sum, p) => sum + p.currentA, 0);
    phases.push({
      phase: `L${ix + 1}`,
      measuredA,
      baseA,
      devices: parts.filter((p) => p.currentA > 0.05),
      totalA,
      level: phaseLevel(totalA, circuit.limitA, circuit.marginA),
    });
  }
  const highest = Math.max(
    ...phases.map((p) =>
      Math.max(p.totalA, Math.max(0, p.baseA) + p.devices.reduce((s, d) => s + d.currentA, 0)),
    ),
  );
  return {
    id: circuit.id,
    fuseA: circuit.fuseA,
    limitA: circuit.limitA,
    marginA: circuit.marginA,
    scaleA: Math.max(circuit.fuseA, circuit.limitA, highest) * 1.08,
    phases,
  };
}
