// Pauses and resumes without flapping (contract 2 item 5). A device paused by the allocator
// stays paused for minOffS. A device that started keeps its turn for max(minOnS, rotateAfterS):
// in a shortage it is shed last in its class; after its turn it competes on session energy, so
// that devices of one class take turns and none starves. None of this ever holds a device above
// a limit: the solver decides with these as inputs, and a measured overload still cuts at once.

/** Added to the shed rank of a device still in its turn, so that it is shed after every other. */
const IN_TURN = -1e9;

export interface TurnSettings {
  minOnS: number;
  minOffS: number;
  rotateAfterS: number;
}

/**
 * A device the limits pause again within this long of its last pause is flapping (a hob's
 * thermostat cycling every 30 s would otherwise stop and start a car every minute).
 */
export const FLAP_WINDOW_S = 900;
/** Each pause in a streak doubles the minimum off time, up to this factor. */
export const MAX_OFF_FACTOR = 8;

/** The pause streak after a pause now: +1 within FLAP_WINDOW_S of the last pause, else 1. */
export function nextPauseStreak(streak: number, lastOffSinceMs: number | null, nowMs: number): number {
  const recent = lastOffSinceMs !== null && nowMs - lastOffSinceMs < FLAP_WINDOW_S * 1000;
  return recent ? streak + 1 : 1;
}

/** minOffS, doubled for every pause of a streak after the first (at most MAX_OFF_FACTOR times). */
export function effectiveMinOffS(minOffS: number, pauseStreak: number): number {
  return minOffS * Math.min(MAX_OFF_FACTOR, 2 ** Math.max(0, pauseStreak - 1));
}

/**
 * Raise back-off: a device at the edge of its headroom can be cut by 1 A, raised back after the
 * increase delay and cut again, every few seconds — the base-load estimate takes the smaller of
 * commanded and measured current, and a device's measurement lags the grid meter's. Each
 * decrease from a level the device had climbed back to, within FLAP_WINDOW_S of the one before,
 * extends a streak, and an increase back to that level (up to RAISE_BAND_A above it) waits
 * increaseDelayS doubled per decrease of the streak after the first, up to MAX_RAISE_FACTOR times.
 * Only increases wait longer; a decrease is never delayed. An increase well past the level (a load
 * switched off) waits the usual delay.
 */
export const MAX_RAISE_FACTOR = 32;
export const RAISE_BAND_A = 1;

export interface DropMemory {
  dropFromA: number | null;
  dropSinceMs: number | null;
  dropStreak: number;
}

/** The drop memory after the setpoint went down from fromA to a lower, non-zero value now. */
export function nextDrop(memory: DropMemory, fromA: number, nowMs: number): DropMemory {
  const recent = memory.dropSinceMs !== null && nowMs - memory.dropSinceMs < FLAP_WINDOW_S * 1000;
  // Back at the level of the last decrease (up to RAISE_BAND_A above it): it climbed back and was
  // cut again. A decrease on the way down (16 → 15 → 14 as a load comes on) keeps the streak as it
  // is; one from well above (a load went off, the device rose to a new level) starts a new one.
  const last = memory.dropFromA;
  const back = last !== null && fromA >= last - 1e-9 && fromA <= last + RAISE_BAND_A + 1e-9;
  const above = last !== null && fromA > last + RAISE_BAND_A + 1e-9;
  const streak = !recent || above ? 1 : back ? memory.dropStreak + 1 : Math.max(1, memory.dropStreak);
  return { dropFromA: fromA, dropSinceMs: nowMs, dropStreak: streak };
}

/** How many times increaseDelayS an increase to targetA waits now (1 without a streak in force). */
export function raiseFactor(memory: DropMemory, targetA: number, nowMs: number): number {
  // The streak first: most devices have none, and a large site's memory row makes a new heap
  // number for each timestamp read (memory-table.ts), so the others are read only with a streak.
  const dropStreak = memory.dropStreak;
  if (!(dropStreak >= 2)) return 1;
  const dropFromA = memory.dropFromA;
  const dropSinceMs = memory.dropSinceMs;
  if (dropFromA === null || dropSinceMs === null) return 1;
  if (targetA < dropFromA - 1e-9 || targetA > dropFromA + RAISE_BAND_A + 1e-9) return 1;
  if (nowMs - dropSinceMs >= FLAP_WINDOW_S * 1000) return 1;
  return Math.min(MAX_RAISE_FACTOR, 2 ** (dropStreak - 1));
}

/** Seconds of minimum off time left (0 when it may start). */
export function offTimeLeftS(
  offSinceMs: number | null,
  nowMs: number,
  minOffS: number,
  pauseStreak = 1,
): number {
  if (offSinceMs === null) return 0;
  return Math.max(0, effectiveMinOffS(minOffS, pauseStreak) - (nowMs - offSinceMs) / 1000);
}

/** Seconds of the running device's turn left (0 when it is not protected). */
export function turnLeftS(onSinceMs: number | null, nowMs: number, settings: TurnSettings): number {
  return turnLeftOfS(onSinceMs, nowMs, settings.minOnS, settings.rotateAfterS);
}

/** turnLeftS with the settings it reads passed one by one (no object per device per cycle). */
export function turnLeftOfS(
  onSinceMs: number | null,
  nowMs: number,
  minOnS: number,
  rotateAfterS: number,
): number {
  if (onSinceMs === null) return 0;
  const turnS = Math.max(minOnS, rotateAfterS);
  return Math.max(0, turnS - (nowMs - onSinceMs) / 1000);
}

/**
 * The solver sheds the largest rank first within a class: most session energy first, but a
 * device within its turn only after all others.
 */
export function shedRank(energyKWh: number, inTurn: boolean): number {
  return energyKWh + (inTurn ? IN_TURN : 0);
}
