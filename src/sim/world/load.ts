// One thing in the world that draws (or, negative, feeds) current, advanced one second at a time.
// The engine sums every load's branches into phasors per circuit and line.
import type { Coupling } from '../physics/phasors.js';
import { lineToLine, lineToNeutral, threePhase } from '../physics/phasors.js';
import { phaseIndex, type Phase } from '../../model/units.js';

/**
 * What a load stands for in the accounting: `fixed` (household, appliances, machines: what the
 * controller cannot change), `pv`, `ev` (a charger's car), `flexible` (heat pump, boiler) and
 * `battery`.
 */
export type LoadRole = 'fixed' | 'pv' | 'ev' | 'flexible' | 'battery';

export interface Load {
  readonly name: string;
  readonly role: LoadRole;
  /** Circuit index in the engine's circuit list (0 = main). */
  readonly circuit: number;
  readonly branches: readonly Coupling[];
  /** Current through each branch this second, A (negative feeds). Written by step(). */
  readonly currentA: Float64Array;
  /** Power factor (lagging) this second. */
  cosPhi: number;
  /** Active power this second, W (import positive). */
  powerW: number;
  /** Advances to second tS. `powered` is false while a breaker above the load is open. */
  step(tS: number, powered: boolean): void;
}

/** Site phase indices of phase names. */
export function phaseIxs(phases: readonly Phase[]): number[] {
  return phases.map(phaseIndex);
}

/**
 * Branches for a load spread over its phases (base load): one per phase on tn; on it one per pair
 * of lines (L1-L2, L2-L3, L3-L1 for three, the pair for two).
 */
export function spreadBranches(network: 'tn' | 'it', phases: readonly number[]): Coupling[] {
  if (network === 'tn') return phases.map(lineToNeutral);
  if (phases.length === 3) return [lineToLine(0, 1), lineToLine(1, 2), lineToLine(2, 0)];
  return [lineToLine(phases[0]!, phases[1] ?? phases[0]!)];
}

/** One branch for a load on these phases: 1 phase (tn), a line pair (it) or balanced 3-phase. */
export function singleBranch(network: 'tn' | 'it', phases: readonly number[]): Coupling {
  if (phases.length === 3) return threePhase();
  if (network === 'it') return lineToLine(phases[0]!, phases[1] ?? phases[0]!);
  return lineToNeutral(phases[0]!);
}
