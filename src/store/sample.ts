// One sample of site state per cycle, and the accumulator that folds samples into buckets. Every
// average is the mean over the seconds in the bucket (a second row weighs 1, a minute or quarter
// row weighs its `n` seconds), energies are sums, the phase maxima are maxima and the limit a minimum.
import type { HistoryPoint } from '../model/history.js';
import type { LiveDevice, LiveState } from '../model/live.js';

/** A bucket as stored: the point plus how many seconds it covers (its weight in coarser buckets). */
export interface SampleRow extends HistoryPoint {
  n: number;
}

/** What a device drew: measured, else the setpoint's power while it runs, else nothing. */
export function devicePowerW(device: LiveDevice): number {
  if (device.measuredPowerW !== null) return device.measuredPowerW;
  return device.status === 'running' ? device.powerW : 0;
}

/** The connection's current per site phase: the meter's net current, else the main circuit's measurement. */
function connectionPhaseA(state: LiveState): number[] {
  const net = state.meter?.netCurrentA;
  if (net && net.length > 0 && net.every((a) => a !== null)) return net as number[];
  return state.circuits[0]?.measuredA ?? [];
}

/**
 * The state as a one-sample row, with the energy of the `dtMs` before it (the sample stands for the
 * interval since the previous cycle). null without a grid power: no meter data, nothing to chart.
 */
export function sampleFromState(state: LiveState, dtMs: number): SampleRow | null {
  const gridW = state.gridPowerW;
  if (gridW === null) return null;
  const importW = Math.max(0, gridW);
  const exportW = Math.max(0, -gridW);
  const phaseA = connectionPhaseA(state);
  const devicesW: Record<string, number> = {};
  for (const device of state.devices) devicesW[device.id] = devicePowerW(device);
  const hours = dtMs / 3_600_000;
  return {
    tMs: state.atMs,
    n: 1,
    importW,
    exportW,
    pvW: state.pvW,
    phaseA,
    phaseMaxA: phaseA,
    limitA: state.site.limitA,
    devicesW,
    importKWh: (importW * hours) / 1000,
    exportKWh: (exportW * hours) / 1000,
  };
}

/** Folds rows into one bucket starting at `tMs`. */
export class Accumulator {
  #n = 0;
  #importW = 0;
  #exportW = 0;
  #pvW = 0;
  #pvN = 0;
  readonly #phaseSum: number[] = [];
  readonly #phaseN: number[] = [];
  readonly #phaseMax: number[] = [];
  #limitA = Infinity;
  #importKWh = 0;
  #exportKWh = 0;
  readonly #devices = new Map<string, { sumW: number; n: number }>();

  constructor(readonly tMs: number) {}

  get empty(): boolean {
    return this.#n === 0;
  }

  /** Adds a row with weight `weight` (its seconds by default). */
  add(row: SampleRow, weight: number = row.n): void {
    this.#n += weight;
    this.#importW += row.importW * weight;
    this.#exportW += row.exportW * weight;
    if (row.pvW !== null) {
      this.#pvW += row.pvW * weight;
      this.#pvN += weight;
    }
    for (let i = 0; i < row.phaseA.length; i++) {
      this.#phaseSum[i] = (this.#phaseSum[i] ?? 0) + row.phaseA[i]! * weight;
      this.#phaseN[i] = (this.#phaseN[i] ?? 0) + weight;
    }
    for (let i = 0; i < row.phaseMaxA.length; i++) {
      this.#phaseMax[i] = Math.max(this.#phaseMax[i] ?? -Infinity, row.phaseMaxA[i]!);
    }
    this.#limitA = Math.min(this.#limitA, row.limitA);
    this.#importKWh += row.importKWh;
    this.#exportKWh += row.exportKWh;
    for (const id in row.devicesW) {
      const w = row.devicesW[id]!;
      const d = this.#devices.get(id);
      if (d) {
        d.sumW += w * weight;
        d.n += weight;
      } else this.#devices.set(id, { sumW: w * weight, n: weight });
    }
  }

  /** The bucket so far; `n` overrides the weight it carries on (a second row weighs 1, however many samples). */
  result(n: number = this.#n): SampleRow {
    const devicesW: Record<string, number> = {};
    for (const [id, d] of this.#devices) devicesW[id] = d.sumW / d.n;
    return {
      tMs: this.tMs,
      n,
      importW: this.#importW / this.#n,
      exportW: this.#exportW / this.#n,
      pvW: this.#pvN > 0 ? this.#pvW / this.#pvN : null,
      phaseA: this.#phaseSum.map((sum, i) => sum / (this.#phaseN[i] ?? 1)),
      phaseMaxA: [...this.#phaseMax],
      limitA: this.#limitA,
      devicesW,
      importKWh: this.#importKWh,
      exportKWh: this.#exportKWh,
    };
  }
}

/** The point without its weight; a copy, as rows may be cached (spelt out: spreads cost 3×). */
export function toPoint(row: SampleRow): HistoryPoint {
  const devicesW: Record<string, number> = {};
  for (const id in row.devicesW) devicesW[id] = row.devicesW[id]!;
  return {
    tMs: row.tMs,
    importW: row.importW,
    exportW: row.exportW,
    pvW: row.pvW,
    phaseA: row.phaseA.slice(),
    phaseMaxA: row.phaseMaxA.slice(),
    limitA: row.limitA,
    devicesW,
    importKWh: row.importKWh,
    exportKWh: row.exportKWh,
  };
}
