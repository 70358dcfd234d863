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

/** Seconds of minimum off time left (0 when it may start). */
export function offTimeLeftS(offSinceMs: number | null, nowMs: number, minOffS: number): number {
  if (offSinceMs === null) return 0;
  return Math.max(0, minOffS - (nowMs - offSinceMs) / 1000);
}

/** Seconds of the running device's turn left (0 when it is not protected). */
export function turnLeftS(onSinceMs: number | null, nowMs: number, settings: TurnSettings): number {
  if (onSinceMs === null) return 0;
  const turnS = Math.max(settings.minOnS, settings.rotateAfterS);
  return Math.max(0, turnS - (nowMs - onSinceMs) / 1000);
}

/**
 * The solver sheds the largest rank first within a class: most session energy first, but a
 * device within its turn only after all others.
 */
export function shedRank(energyKWh: number, inTurn: boolean): number {
  return energyKWh + (inTurn ? IN_TURN : 0);
}
