// The base load (issue 3 "Each cycle"): per circuit and phase, what is measured minus what the
// controllable devices are estimated to draw. Each device-phase is estimated conservatively as
// min(commanded, measured), so an increase a device has not followed yet never hides base load
// (and a decrease it has not followed yet counts as base load until it does).
import type { PhaseValues } from '../../../model/units.js';
import type { AllocatorInputs, DeviceInput } from '../../inputs.js';
import type { DeviceWiring, Topology } from './topology.js';

/**
 * Each device's draw this cycle, in flat arrays indexed by topology device index (one set per
 * topology, reused every cycle: allocate() fills them and reads them within the same call).
 */
export interface DeviceDraws {
  /** Conservative estimate per site phase, at 3·i + p: min(commanded, measured); commanded when unmeasured. */
  estimateA: Float64Array;
  /** The estimate as power, W. */
  estimateW: Float64Array;
  /** The largest measured phase current, NaN when the device reports none. */
  drawingA: Float64Array;
}

/** Measured current per site phase of the device last passed to drawInto (valid when measuredOk). */
export const measured = new Float64Array(3);
let measuredOk = false;
/** Whether the device last passed to drawInto reported currents (then `measured` holds them). */
export function hasMeasured(): boolean {
  return measuredOk;
}

/**
 * Device i's draw into `out`. measuredA lists one value per configured phase, in the order of
 * `phases`; one value stands for every phase the device draws on (a 1-phase load between two
 * lines on it). Phases the device is not commanded on now (after a 1p switch) count 0 in the
 * estimate.
 */
export function drawInto(
  configuredPhases: readonly number[],
  wiring: DeviceWiring,
  commandedA: number,
  input: DeviceInput | undefined,
  out: DeviceDraws,
  i: number,
): void {
  const est = out.estimateA;
  est[3 * i] = 0;
  est[3 * i + 1] = 0;
  est[3 * i + 2] = 0;
  measuredOk = false;
  if (input?.connected === false) {
    out.estimateW[i] = 0;
    out.drawingA[i] = NaN;
    return;
  }
  const values = input?.measuredA;
  if (values && values.length > 0) {
    measuredOk = true;
    measured[0] = 0;
    measured[1] = 0;
    measured[2] = 0;
    for (let k = 0; k < configuredPhases.length; k++) {
      const v = values.length === 1 ? values[0] : values[k];
      if (v !== undefined && Number.isFinite(v)) measured[configuredPhases[k]!] = Math.max(0, v);
    }
  }
  const phases = wiring.sitePhases;
  let sum = 0;
  let drawingA = NaN;
  for (let k = 0; k < phases.length; k++) {
    const p = phases[k]!;
    const m = measuredOk ? measured[p]! : commandedA;
    const estimate = Math.min(commandedA, m);
    est[3 * i + p] = estimate;
    sum += estimate;
    if (measuredOk) drawingA = Math.max(k === 0 ? 0 : drawingA, m);
  }
  out.estimateW[i] = phases.length > 0 ? (sum / phases.length) * wiring.wattsPerA : 0;
  out.drawingA[i] = drawingA;
}

export interface CircuitLoads {
  /** Per circuit (topology order): measured current per site phase, or null (unmetered / no data). */
  measuredA: (PhaseValues | null)[];
  /** Per circuit: the devices' estimated draw below it (its own and its sub-circuits'). */
  devicesA: PhaseValues[];
  /** Per circuit: base load = measured − devicesA; 0 for an unmetered circuit (its devices are counted). */
  baseA: PhaseValues[];
}

/** @param estimateA per device and site phase (3·i + p), as in DeviceDraws */
export function circuitLoads(
  topology: Topology,
  inputs: AllocatorInputs,
  estimateA: Float64Array,
): CircuitLoads {
  const n = topology.circuits.length;
  const devicesA: PhaseValues[] = Array.from({ length: n }, () => [0, 0, 0]);
  const devices = topology.devices;
  for (let i = 0; i < devices.length; i++) {
    const own = devicesA[devices[i]!.circuit];
    if (own) for (let p = 0; p < 3; p++) own[p as 0] += estimateA[3 * i + p]!;
  }
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
