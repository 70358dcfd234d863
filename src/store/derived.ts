// hour, day and month buckets, folded from quarter rows in the site's time zone. Folding a year
// reads 35,040 rows (~0.1 s on the control loop's thread), and the dashboard asks for the same
// months again and again; but a bucket whose quarters have all closed can never change (quarter
// rows are written once, never pruned, and time only moves on), so those are kept in memory and
// only the buckets still filling, or never asked for, are read.
import type { Resolution } from '../model/history.js';
import { bucketStartMs, nextBucketStartMs } from './buckets.js';
import { Accumulator, type SampleRow } from './sample.js';

const CACHE_LIMIT = 50_000;

/** Folds time-ordered rows into hour/day/month buckets of the zone, weighting each row by its seconds. */
export function foldRows(rows: SampleRow[], resolution: Resolution, timeZone: string): SampleRow[] {
  const out: SampleRow[] = [];
  let bucket: Accumulator | null = null;
  let endMs = -Infinity;
  for (const row of rows) {
    if (!bucket || row.tMs >= endMs) {
      if (bucket) out.push(bucket.result());
      const startMs = bucketStartMs(row.tMs, resolution, timeZone);
      bucket = new Accumulator(startMs);
      endMs = nextBucketStartMs(startMs, resolution, timeZone);
    }
    bucket.add(row);
  }
  if (bucket) out.push(bucket.result());
  return out;
}

export class DerivedBuckets {
  /** By "resolution zone", then bucket start; null: a closed bucket without data. */
  readonly #closed = new Map<string, Map<number, SampleRow | null>>();
  #size = 0;

  constructor(
    /** Quarter rows (the open one included) with tMs in [fromMs, toMs). */
    private readonly quarters: (fromMs: number, toMs: number) => SampleRow[],
    /** The first and last quarter with data, and the end of the last closed one; null: no data. */
    private readonly extent: () => { firstMs: number; lastMs: number; closedUntilMs: number } | null,
  ) {}

  /** The buckets in [startMs, endMs), both bucket starts, that hold data. */
  buckets(resolution: Resolution, timeZone: string, startMs: number, endMs: number): SampleRow[] {
    const extent = this.extent();
    if (!extent) return [];
    if (this.#size > CACHE_LIMIT) {
      this.#closed.clear();
      this.#size = 0;
    }
    const name = `${resolution} ${timeZone}`;
    let closed = this.#closed.get(name);
    if (!closed) this.#closed.set(name, (closed = new Map()));
    const next = (tMs: number): number => nextBucketStartMs(tMs, resolution, timeZone);
    // Only the span with data is walked bucket by bucket (a range from 1970 is 490,000 hours).
    const out: SampleRow[] = [];
    let cursor = Math.max(startMs, bucketStartMs(extent.firstMs, resolution, timeZone));
    endMs = Math.min(endMs, next(bucketStartMs(extent.lastMs, resolution, timeZone)));
    while (cursor < endMs) {
      const known = closed.get(cursor);
      if (known !== undefined) {
        if (known) out.push(known);
        cursor = next(cursor);
        continue;
      }
      // A run of buckets not known: one read, one fold; those that have closed are remembered.
      const runStartMs = cursor;
      const closedRun: number[] = [];
      while (cursor < endMs && !closed.has(cursor)) {
        const nextMs = next(cursor);
        if (nextMs <= extent.closedUntilMs) closedRun.push(cursor);
        cursor = nextMs;
      }
      const folded = foldRows(this.quarters(runStartMs, cursor), resolution, timeZone);
      out.push(...folded);
      let i = 0;
      for (const bucketMs of closedRun) {
        while (i < folded.length && folded[i]!.tMs < bucketMs) i++;
        closed.set(bucketMs, folded[i]?.tMs === bucketMs ? folded[i]! : null);
      }
      this.#size += closedRun.length;
    }
    return out;
  }
}
