// The solver's canonical device order: ascending id, so the answer never depends on input order
// (docs/algorithm-solver.md "Determinism").
import type { SolverProblem } from './solver-types.js';
import { SolverInputError } from './solver-work.js';

/** Devices arrays whose ids never change (allocate()'s), with the idOrder checked against them once. */
const fixedIds = new WeakMap<readonly unknown[], ArrayLike<number> | null>();

/** Marks a devices array whose objects keep their ids for good (the caller never changes them). */
export function idsAreFixed(devices: readonly unknown[]): void {
  if (!fixedIds.has(devices)) fixedIds.set(devices, null);
}

/**
 * The canonical order: device indices by ascending id. A given idOrder is checked (ids strictly
 * ascending along it, which also proves them unique); else the ids are sorted here.
 */
export function idOrder(problem: SolverProblem): Int32Array {
  const { devices } = problem;
  const n = devices.length;
  let order: Int32Array;
  const checked = fixedIds.get(devices);
  if (checked && checked === problem.idOrder && checked.length === n) return Int32Array.from(checked);
  if (problem.idOrder && problem.idOrder.length === n) {
    order = Int32Array.from(problem.idOrder);
  } else {
    order = Int32Array.from(devices.keys()).sort((a, b) => {
      const ia = devices[a]!.id;
      const ib = devices[b]!.id;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
  }
  for (let k = 1; k < n; k++) {
    const prev = devices[order[k - 1]!]?.id;
    const id = devices[order[k]!]?.id;
    if (prev === undefined || id === undefined) throw new SolverInputError(`idOrder is not a permutation`);
    if (prev === id) throw new SolverInputError(`duplicate device id "${id}"`);
    if (prev > id) throw new SolverInputError(`idOrder does not sort the ids ("${prev}" before "${id}")`);
  }
  if (checked === null && problem.idOrder?.length === n) fixedIds.set(devices, problem.idOrder);
  return order;
}
