// Shared vocabulary: phases and per-phase values. Units live in names (currentA, powerW, ageMs).

export const PHASES = ['L1', 'L2', 'L3'] as const;
export type Phase = (typeof PHASES)[number];

/** One value per site phase, index 0 = L1. A 1-phase site uses index 0 only. */
export type PhaseValues = [number, number, number];

export function phaseIndex(phase: Phase): 0 | 1 | 2 {
  return phase === 'L1' ? 0 : phase === 'L2' ? 1 : 2;
}

export function zeroPhases(): PhaseValues {
  return [0, 0, 0];
}
