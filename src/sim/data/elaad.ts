// ElaadNL charging statistics via EV2Gym (profiles/README.md §3): when cars arrive (per 15-minute
// slot, weekday and weekend), how long they stay connected and how much energy they ask for
// (inverse survival curves: p % of sessions exceed the value in row p).
import type { Random } from '../random.js';
import { num, ProfileDataError, readCsv } from './files.js';

export const LOCATIONS = ['private', 'public', 'workplace'] as const;
export type Location = (typeof LOCATIONS)[number];

function column(rows: string[][], name: string): number {
  return (rows[0] ?? []).indexOf(name);
}

const arrivals = new Map<string, Float64Array | null>();

/** Cumulative arrival probability per 15-minute slot (96, last = 1), or null: nobody arrives. */
export function arrivalCdf(location: Location, weekend: boolean): Float64Array | null {
  const file = weekend ? 'elaadnl_ev2gym/distribution-of-arrival-weekend.csv' : 'elaadnl_ev2gym/distribution-of-arrival.csv';
  const key = `${file}:${location}`;
  if (arrivals.has(key)) return arrivals.get(key) ?? null;
  const rows = readCsv(file);
  const col = column(rows, location);
  let cdf: Float64Array | null = null;
  if (col >= 0) {
    cdf = new Float64Array(96);
    let sum = 0;
    for (let slot = 0; slot < 96; slot++) {
      sum += num(file, rows, slot + 1, col);
      cdf[slot] = sum;
    }
    if (!(sum > 0)) throw new ProfileDataError(file, `column ${location} sums to ${sum}`);
    for (let slot = 0; slot < 96; slot++) cdf[slot]! /= sum;
  }
  arrivals.set(key, cdf);
  return cdf;
}

/** An arrival second of the day from a cumulative slot distribution. */
export function sampleArrivalS(cdf: Float64Array, random: Random): number {
  const u = random();
  let slot = 0;
  while (slot < 95 && cdf[slot]! < u) slot++;
  return slot * 900 + Math.floor(random() * 900);
}

const curves = new Map<string, Float64Array>();

/** An inverse survival curve: value exceeded by p % of sessions, p = 0..99. */
function survival(file: string, location: Location): Float64Array {
  const key = `${file}:${location}`;
  let curve = curves.get(key);
  if (curve) return curve;
  const rows = readCsv(file);
  const col = column(rows, location);
  if (col < 0) throw new ProfileDataError(file, `no column "${location}"`);
  curve = new Float64Array(rows.length - 1);
  for (let r = 1; r < rows.length; r++) curve[r - 1] = num(file, rows, r, col);
  curves.set(key, curve);
  return curve;
}

/** A draw from an inverse survival curve, interpolated between its percent rows. */
function sample(curve: Float64Array, random: Random): number {
  const p = random() * (curve.length - 1);
  const i = Math.floor(p);
  const a = curve[i]!;
  const b = curve[Math.min(curve.length - 1, i + 1)]!;
  return a + (b - a) * (p - i);
}

export function sampleConnectionS(location: Location, random: Random): number {
  return sample(survival('elaadnl_ev2gym/distribution-of-connection-time.csv', location), random) * 3600;
}

export function sampleEnergyKWh(location: Location, random: Random): number {
  return sample(survival('elaadnl_ev2gym/distribution-of-energy-demand.csv', location), random);
}
