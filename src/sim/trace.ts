// The run's trace for the report, downsampled as it goes: a few thousand samples whatever the
// duration (a second per sample for an hour, 15 minutes for a year). Per sample: the highest and
// mean line current per circuit, the neutral, the breaker heat, setpoints and draws, PV and grid.
import type { CircuitTrace, DeviceTrace } from './run-types.js';

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** The smallest nice step that keeps the trace at or under `maxSamples`. */
export function traceStepS(seconds: number, maxSamples = 4000): number {
  return NICE_STEPS_S.find((s) => seconds / s <= maxSamples) ?? 3600;
}

export interface TraceCircuit {
  id: string;
  fuseA: number;
}

export interface TraceDevice {
  id: string;
  kind: DeviceTrace['kind'];
  maxA: number;
}

export class TraceRecorder {
  readonly samples: number;
  readonly circuits: CircuitTrace[];
  readonly devices: DeviceTrace[];
  readonly pvW: Float32Array | null;
  readonly gridW: Float32Array;
  private readonly counts: Uint16Array;

  constructor(
    readonly stepS: number,
    seconds: number,
    circuits: TraceCircuit[],
    sitePhases: number,
    neutral: boolean,
    devices: TraceDevice[],
    pv: boolean,
  ) {
    const n = Math.ceil(seconds / stepS);
    this.samples = n;
    this.circuits = circuits.map((c) => ({
      id: c.id,
      fuseA: c.fuseA,
      maxA: Array.from({ length: sitePhases }, () => new Float32Array(n)),
      meanA: Array.from({ length: sitePhases }, () => new Float32Array(n)),
      neutralMaxA: neutral ? new Float32Array(n) : null,
      thermalMax: new Float32Array(n),
    }));
    this.devices = devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      maxA: d.maxA,
      setpointA: new Float32Array(n),
      drawA: new Float32Array(n),
    }));
    this.pvW = pv ? new Float32Array(n) : null;
    this.gridW = new Float32Array(n);
    this.counts = new Uint16Array(n);
  }

  /** Sample index of second tS; counts the second. */
  at(tS: number): number {
    const i = Math.floor(tS / this.stepS);
    this.counts[i]!++;
    return i;
  }

  circuit(i: number, c: number, lineA: Float64Array, at: number, neutralA: number, heat: number): void {
    const t = this.circuits[c]!;
    for (let p = 0; p < t.maxA.length; p++) {
      const a = lineA[at + p]!;
      if (a > t.maxA[p]![i]!) t.maxA[p]![i] = a;
      t.meanA[p]![i]! += a;
    }
    if (t.neutralMaxA && neutralA > t.neutralMaxA[i]!) t.neutralMaxA[i] = neutralA;
    if (heat > t.thermalMax[i]!) t.thermalMax[i] = heat;
  }

  device(i: number, d: number, setpointA: number, drawA: number): void {
    const t = this.devices[d]!;
    t.setpointA[i]! += setpointA;
    t.drawA[i]! += drawA;
  }

  grid(i: number, netW: number, pvW: number): void {
    this.gridW[i]! += netW;
    if (this.pvW) this.pvW[i]! += pvW;
  }

  /** Turns the sums into means. */
  finish(): void {
    const mean = (a: Float32Array) => {
      for (let i = 0; i < a.length; i++) if (this.counts[i]! > 0) a[i]! /= this.counts[i]!;
    };
    for (const c of this.circuits) c.meanA.forEach(mean);
    for (const d of this.devices) {
      mean(d.setpointA);
      mean(d.drawA);
    }
    mean(this.gridW);
    if (this.pvW) mean(this.pvW);
  }
}
