// Pixel buckets: a year at a second per sample is 31.5 M points, a chart is ~900 px wide. Each
// bucket keeps the lowest, highest and mean sample, so a one-second spike still reaches its pixel.

export interface Buckets {
  /** Centre of each bucket, in sample units (fractional index). */
  at: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

/** Splits `values` into at most `count` buckets of consecutive samples. */
export function bucket(values: ArrayLike<number>, count: number): Buckets {
  const n = values.length;
  const b = Math.max(0, Math.min(n, Math.floor(count)));
  const out: Buckets = {
    at: new Float64Array(b),
    min: new Float64Array(b),
    max: new Float64Array(b),
    mean: new Float64Array(b),
  };
  for (let i = 0; i < b; i++) {
    const from = Math.floor((i * n) / b);
    const to = Math.max(from + 1, Math.floor(((i + 1) * n) / b));
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (let k = from; k < to; k++) {
      const v = values[k] ?? 0;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      sum += v;
    }
    out.at[i] = (from + to) / 2;
    out.min[i] = lo;
    out.max[i] = hi;
    out.mean[i] = sum / (to - from);
  }
  return out;
}

/** The highest of each bucket of `max`, the lowest of each bucket of `min` (two series, one grid). */
export function envelope(min: ArrayLike<number>, max: ArrayLike<number>, count: number): Buckets {
  const low = bucket(min, count);
  const high = bucket(max, count);
  return { at: high.at, min: low.min, max: high.max, mean: low.mean };
}
