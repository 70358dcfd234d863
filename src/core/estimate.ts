// The base load (issue 3 "Each cycle"): per circuit and phase, what is measured minus what the
// controllable devices are estimated to draw. Each device-phase is estimated conservatively as
// min(commanded, measured), so an increase a device has not followed yet never hides base load
// (and a decrease it has not followed yet counts as base load until it does).
import type { PhaseValues } from '../model/units.js';
import type { AllocatorInputs, DeviceInput } from './inputs.js';
import type { DeviceWiring, Topology } from './topology.js';

export interface DeviceDraw {
  /** Measured current per site phase, or null when the device reports none. */
  measuredA: PhaseValues | null;
  /** The largest measured phase current, or null. */
  drawingA: number | null;
  /** Conservative estimate per site phase: min(commanded, measured); commanded when unmeasured. */
  estimateA: PhaseValues;
  /** The estimate as power, W. */
  estimateW: number;
}

/**
 * measuredA lists one value per configured phase, in the order of `phases`; one value stands for
 * every phase the device draws on (a 1-phase load between two lines on it). Phases the device is
 * not commanded on now (after a 1p switch) count 0 in the estimate.
 */
export function deviceDraw(
  configuredPhases: readonly number[],
  wiring: DeviceWiring,
  commandedA: number,
  input: DeviceInput | undefined,
): DeviceDraw {
  const estimateA: PhaseValues = [0, 0, 0];
  if (input?.connected === false) return { measuredA: null, drawingA: null, estimateA, estimateW: 0 };
  const values = input?.measuredA;
  let measuredA: PhaseValues | null = null;
  if (values && values.length > 0) {
    measuredA = [0, 0, 0];
    for (let i = 0; i < configuredPhases.length; i++) {
      const v = values.length === 1 ? values[0] : values[i];
      if (v !== undefined && Number.isFinite(v)) measuredA[configuredPhases[i] as 0] = Math.max(0, v);
    }
  }
  const phases = wiring.sitePhases;
  let sum = 0;
  let drawingA: number | null = null;
  for (let k = 0; k < phases.length; k++) {
    const p = phases[k]!;
    const measured = measuredA ? measuredA[p] : commandedA;
    const estimate = Math.min(commandedA, measured);
    estimateA[p] = estimate;
    sum += estimate;
    if (measuredA) drawingA = Math.max(drawingA ?? 0, measuredA[p]);
  }
  const estimateW = phases.length > 0 ? (sum / phases.length) * wiring.wattsPerA : 0;
  return { measuredA, drawingA, estimateA, estimateW };
}

export interface CircuitLoads {
  /** Per circuit (topology order): measured current per site phase, or null (unmetered / no data). */
  measuredA: (PhaseValues | null)[];
  /** Per circuit: the devices' estimated draw below it (its own and its sub-circuits'). */
  devicesA: PhaseValues[];
  /** Per circuit: base load = measured − devicesA; 0 for an unmetered circuit (its devices are counted). */
  baseA: PhaseValues[];
}

export function circuitLoads(topology: Topology, inputs: AllocatorInputs, draws: DeviceDraw[]): CircuitLoads {
  const n = topology.circuits.length;
  const devicesA: PhaseValues[] = Array.from({ length: n }, () => [0, 0, 0]);
  topology.devices.forEach((d, i) => {
    const est = draws[i]?.estimateA;
    const own = devicesA[d.circuit];
    if (est && own) for (let p = 0; p < 3; p++) own[p as 0] += est[p as 0];
  });
  // Children come after their parents: summing from the end carries every subtree up.
  for (let c = n - 1; c > 0; c--) {
    const circuit = topology.circuits[c];
    const mine = devicesA[c];
    const parent = circuit?.parent === null || circuit === undefined ? undefined : devicesA[circuit.parent];
    if (mine && parent) for (let p = 0; p < 3; p++) parent[p as 0] += mine[p as 0];
  }
  const measuredA = topology.circuits.map((c, i): PhaseValues | null => {
    const values =
      i === 0 ? inputs.grid.netCurrentA : c.metered ? inputs.circuits?.[c.id]?.netCurrentA : null;
    if (!values) return null;
    return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0];
  });
  const baseA = topology.circuits.map((_, i): PhaseValues => {
    const m = measuredA[i];
    const d = devicesA[i] ?? [0, 0, 0];
    return m ? [m[0] - d[0], m[1] - d[1], m[2] - d[2]] : [0, 0, 0];
  });
  return { measuredA, devicesA, baseA };
}

/** Net import power now (negative while exporting): the meter's powers, else the phase currents. */
export function netImportW(inputs: AllocatorInputs, network: 'tn' | 'it', voltageV: number): number {
  const { powerImportW, powerExportW, netCurrentA } = inputs.grid;
  if (typeof powerImportW === 'number' || typeof powerExportW === 'number') {
    return (powerImportW ?? 0) - (powerExportW ?? 0);
  }
  const sumA = (netCurrentA ?? []).reduce((s, v) => s + v, 0);
  // On it the meter reads line currents between 230 V lines: exact for balanced loads (√3·V·I).
  return network === 'it' ? (sumA * voltageV) / Math.sqrt(3) : sumA * voltageV;
}
