// The base load (issue 3 "Each cycle"): per circuit and phase, what is measured minus what the
// controllable devices are estimated to draw. Each device-phase is estimated conservatively as
// min(commanded, measured), so an increase a device has not followed yet never hides base load
// (and a decrease it has not followed yet counts as base load until it does).
import type { AllocatorInputs, DeviceInput } from './inputs.js';
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

/**
 * Each device's two wirings as numbers, by topology index (made once per topology: the cycle's
 * passes read these instead of each device's wiring objects, their arrays and boxed numbers, a
 * cache miss each at 10,000 devices). "Full" is its configured wiring; "one" its 1-phase wiring
 * after a 1p switch (count 0 when it cannot switch).
 */
export interface WiringColumns {
  /** Site phases at 3·i + k, k < fullCount[i]. */
  fullPhases: Uint8Array;
  fullCount: Uint8Array;
  fullWattsPerA: Float64Array;
  fullMinA: Float64Array;
  onePhases: Uint8Array;
  oneCount: Uint8Array;
  oneWattsPerA: Float64Array;
  oneMinA: Float64Array;
}

export function wiringColumns(topology: Topology): WiringColumns {
  const n = topology.devices.length;
  const out: WiringColumns = {
    fullPhases: new Uint8Array(3 * n),
    fullCount: new Uint8Array(n),
    fullWattsPerA: new Float64Array(n),
    fullMinA: new Float64Array(n),
    onePhases: new Uint8Array(3 * n),
    oneCount: new Uint8Array(n),
    oneWattsPerA: new Float64Array(n),
    oneMinA: new Float64Array(n),
  };
  topology.devices.forEach((d, i) => {
    const put = (
      w: DeviceWiring,
      phases: Uint8Array,
      count: Uint8Array,
      watts: Float64Array,
      min: Float64Array,
    ) => {
      w.sitePhases.forEach((p, k) => (phases[3 * i + k] = p));
      count[i] = w.sitePhases.length;
      watts[i] = w.wattsPerA;
      min[i] = w.range.minA;
    };
    put(d.wiring, out.fullPhases, out.fullCount, out.fullWattsPerA, out.fullMinA);
    if (d.singlePhase) put(d.singlePhase, out.onePhases, out.oneCount, out.oneWattsPerA, out.oneMinA);
  });
  return out;
}

/**
 * Each device's input as numbers, by topology index (one set per topology, refilled every
 * cycle by gatherInputs). The pass over every device reads these rather than the input objects:
 * an entry in `inputs.devices`, its object, its measuredA array and that array's elements are four
 * cache misses per device at 10,000 devices, and a short loop that does nothing but gather them
 * lets the processor wait for many at once.
 */
export interface InputColumns {
  /** Scratch for gatherInputs: each device's input object, held only while it runs. */
  found: (DeviceInput | undefined)[];
  /** 1 when inputs.devices has an entry for the device. */
  hasInput: Uint8Array;
  /** input.connected ?? true, as 1 or 0. */
  inConnected: Uint8Array;
  /** How many values its measuredA has, up to 3 (0: none). */
  measuredCount: Uint8Array;
  /** Its first three measured values at 3·i + k as given (NaN for one that is not a number). */
  measuredRaw: Float64Array;
  /** 1 when it reported energyKWh, and the value (inEnergyKWh). */
  hasEnergy: Uint8Array;
  inEnergyKWh: Float64Array;
}

export function inputColumns(n: number): InputColumns {
  return {
    found: new Array<DeviceInput | undefined>(n).fill(undefined),
    hasInput: new Uint8Array(n),
    inConnected: new Uint8Array(n),
    measuredCount: new Uint8Array(n),
    measuredRaw: new Float64Array(3 * n),
    hasEnergy: new Uint8Array(n),
    inEnergyKWh: new Float64Array(n),
  };
}

/**
 * Gathers each device's input (by id, in topology order) into `out`; returns how many have one.
 * In two passes: the lookups first, then the objects' fields. Each device's input is a chain of
 * four dependent loads (the dictionary's entry, the object, its array, the array's elements), each
 * a likely cache miss at 10,000 devices; a pass that does one link for every device lets the
 * processor wait for many devices' misses at once rather than for one device's four in a row.
 */
export function gatherInputs(
  out: InputColumns,
  ids: readonly string[],
  devices: Readonly<Record<string, DeviceInput>>,
): number {
  const { found, hasInput, inConnected, measuredCount, measuredRaw, hasEnergy, inEnergyKWh } = out;
  for (let i = 0; i < ids.length; i++) found[i] = devices[ids[i]!];
  let known = 0;
  for (let i = 0; i < ids.length; i++) {
    const input = found[i];
    found[i] = undefined;
    if (input === undefined) {
      hasInput[i] = 0;
      inConnected[i] = 1;
      measuredCount[i] = 0;
      hasEnergy[i] = 0;
      continue;
    }
    known++;
    hasInput[i] = 1;
    inConnected[i] = (input.connected ?? true) ? 1 : 0;
    const values = input.measuredA;
    const count = values ? Math.min(values.length, 3) : 0;
    measuredCount[i] = count;
    for (let k = 0; k < count; k++) {
      const v = values![k];
      measuredRaw[3 * i + k] = typeof v === 'number' ? v : NaN;
    }
    const energy = input.energyKWh;
    hasEnergy[i] = energy !== undefined ? 1 : 0;
    inEnergyKWh[i] = energy ?? 0;
  }
  return known;
}

/** Measured current per site phase of the device last passed to drawInto (valid when measuredOk). */
export const measured = new Float64Array(3);
let measuredOk = false;
/** Whether the device last passed to drawInto reported currents (then `measured` holds them). */
export function hasMeasured(): boolean {
  return measuredOk;
}

/**
 * Device i's draw into `out`, from its gathered input (gatherInputs). measuredA lists one value per configured phase, in the order of
 * `phases`; one value stands for every phase the device draws on (a 1-phase load between two
 * lines on it). Phases the device is not commanded on now (after a 1p switch: `one`) count 0 in
 * the estimate.
 */
export function drawInto(
  out: DeviceDraws & WiringColumns & InputColumns,
  i: number,
  one: boolean,
  commandedA: number,
): void {
  const est = out.estimateA;
  est[3 * i] = 0;
  est[3 * i + 1] = 0;
  est[3 * i + 2] = 0;
  measuredOk = false;
  if (out.inConnected[i] === 0) {
    out.estimateW[i] = 0;
    out.drawingA[i] = NaN;
    return;
  }
  const count = out.measuredCount[i]!;
  if (count > 0) {
    measuredOk = true;
    measured[0] = 0;
    measured[1] = 0;
    measured[2] = 0;
    const raw = out.measuredRaw;
    const configured = out.fullCount[i]!;
    for (let k = 0; k < configured; k++) {
      const v = count === 1 ? raw[3 * i]! : k < count ? raw[3 * i + k]! : NaN;
      if (Number.isFinite(v)) measured[out.fullPhases[3 * i + k]!] = Math.max(0, v);
    }
  }
  const phases = one ? out.onePhases : out.fullPhases;
  const wired = one ? out.oneCount[i]! : out.fullCount[i]!;
  let sum = 0;
  let drawingA = NaN;
  for (let k = 0; k < wired; k++) {
    const p = phases[3 * i + k]!;
    const m = measuredOk ? measured[p]! : commandedA;
    const estimate = Math.min(commandedA, m);
    est[3 * i + p] = estimate;
    sum += estimate;
    if (measuredOk) drawingA = Math.max(k === 0 ? 0 : drawingA, m);
  }
  const wattsPerA = one ? out.oneWattsPerA[i]! : out.fullWattsPerA[i]!;
  out.estimateW[i] = wired > 0 ? (sum / wired) * wattsPerA : 0;
  out.drawingA[i] = drawingA;
}

/**
 * Per circuit (topology order) and site phase, at 3·c + p, in arrays kept per topology and
 * refilled each cycle (read within the cycle).
 */
export interface CircuitLoads {
  /** 1 when the circuit has a measurement this cycle (main: the grid meter; a metered sub-circuit). */
  hasMeasured: Uint8Array;
  /** Measured current per site phase (0 when there is none). */
  measuredA: Float64Array;
  /** The devices' estimated draw below it (its own and its sub-circuits'). */
  devicesA: Float64Array;
  /** Base load = measured − devicesA; 0 for an unmetered circuit (its devices are counted). */
  baseA: Float64Array;
  /** Each device's circuit (fixed by the configuration). */
  deviceCircuit: Int32Array;
}

const loadsCache = new WeakMap<Topology, CircuitLoads>();

/** @param estimateA per device and site phase (3·i + p), as in DeviceDraws */
export function circuitLoads(
  topology: Topology,
  inputs: AllocatorInputs,
  estimateA: Float64Array,
): CircuitLoads {
  const circuits = topology.circuits;
  const n = circuits.length;
  let out = loadsCache.get(topology);
  if (!out) {
    out = {
      hasMeasured: new Uint8Array(n),
      measuredA: new Float64Array(3 * n),
      devicesA: new Float64Array(3 * n),
      baseA: new Float64Array(3 * n),
      deviceCircuit: Int32Array.from(topology.devices, (d) => d.circuit),
    };
    loadsCache.set(topology, out);
  }
  const { hasMeasured, measuredA, devicesA, baseA, deviceCircuit } = out;
  devicesA.fill(0);
  for (let i = 0; i < deviceCircuit.length; i++) {
    const c = deviceCircuit[i]!;
    for (let p = 0; p < 3; p++) devicesA[3 * c + p] = devicesA[3 * c + p]! + estimateA[3 * i + p]!;
  }
  // Children come after their parents: summing from the end carries every subtree up.
  for (let c = n - 1; c > 0; c--) {
    const parent = circuits[c]?.parent;
    if (parent === null || parent === undefined) continue;
    for (let p = 0; p < 3; p++) devicesA[3 * parent + p] = devicesA[3 * parent + p]! + devicesA[3 * c + p]!;
  }
  for (let c = 0; c < n; c++) {
    const circuit = circuits[c]!;
    const values =
      c === 0 ? inputs.grid.netCurrentA : circuit.metered ? inputs.circuits?.[circuit.id]?.netCurrentA : null;
    hasMeasured[c] = values ? 1 : 0;
    for (let p = 0; p < 3; p++) {
      const m = values ? (values[p] ?? 0) : 0;
      measuredA[3 * c + p] = m;
      baseA[3 * c + p] = values ? m - devicesA[3 * c + p]! : 0;
    }
  }
  return out;
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
