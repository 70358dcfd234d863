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

/**
 * Watts per amp of per-phase current. tn: each phase carries I at V to neutral, so V·n.
 * it (3x230 V, no neutral; voltageV is between lines): a 1-phase load between two lines draws
 * P = V·I with I in both lines; a 3-phase load P = √3·V·I per line. `phaseCount`: the lines the
 * load is on (1–3 on tn; 2 or 3 on it) or, for a station, its own phase count (1 or 3).
 */
export function wattsPerAmp(network: 'tn' | 'it', voltageV: number, phaseCount: number): number {
  if (network === 'tn') return voltageV * phaseCount;
  return phaseCount >= 3 ? Math.sqrt(3) * voltageV : voltageV;
}
