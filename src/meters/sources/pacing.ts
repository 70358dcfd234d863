// How fast a meter sends: the dialect's period (P1-FACTS §1: 1 s for DSMR 5.0 and e-MUCS, 10 s for
// everything older) and the pace a recording had, from its telegrams' own timestamps. Pure.

/** Telegram period a dialect promises: "50", "50217" (DSMR 5 / e-MUCS) send every second. */
export function dialectPeriodMs(version: string | null | undefined): number {
  return version != null && version.startsWith('5') ? 1_000 : 10_000;
}

export interface PacedFrame {
  /** The telegram's own ISO 8601 timestamp, or null. */
  timestamp: string | null;
  version: string | null;
}

/**
 * A gap between two meter timestamps longer than this is a clock jump, an unset clock
 * (000101000000W in basjes_dsmr42_1) or a recording joined from pieces, not the meter's pace.
 */
const MAX_GAP_MS = 60 * 60 * 1000;

/**
 * For each frame, how long after the previous one it should be replayed (the first: 0). The
 * telegrams' own timestamps set the pace; where two consecutive ones are missing, equal, backwards
 * or absurdly far apart, the dialect's period stands in.
 */
export function paceDelaysMs(frames: readonly PacedFrame[]): number[] {
  let previousMs: number | null = null;
  return frames.map((frame, index) => {
    const atMs = frame.timestamp === null ? Number.NaN : Date.parse(frame.timestamp);
    const gapMs = previousMs === null || Number.isNaN(atMs) ? Number.NaN : atMs - previousMs;
    previousMs = Number.isNaN(atMs) ? null : atMs;
    if (index === 0) return 0;
    return gapMs > 0 && gapMs <= MAX_GAP_MS ? gapMs : dialectPeriodMs(frame.version);
  });
}
