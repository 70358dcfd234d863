// An independent reading of the solver's guarantees (docs/algorithm-solver.md), written plainly
// and slowly, for property tests: it shares no code with the solver. checkAllocation() returns
// what is wrong with an allocation, as readable sentences (empty when everything holds).
import type { SolverAllocation, SolverDevice, SolverProblem } from '../solver-types.js';

/** The solver's rounding tolerance on a line; an allocation may exceed a capacity by no more. */
export const LIMIT_TOLERANCE_A = 1e-6;
/** A step that the solver refused must exceed a line by more than its own 1e-7 A; checked at 1e-9. */
const BLOCK_TOLERANCE_A = 1e-9;
const ZERO_FEASIBLE_A = 1e-7;

interface Allowed {
  runnable: boolean;
  lo: number;
  top: number;
  isAllowed(a: number): boolean;
  /** The next allowed value above a, a small nudge for a continuous device, NaN at the top. */
  next(a: number): number;
  /** The smallest allowed value ≥ a (the top when none). */
  atLeast(a: number): number;
}

export function allowedValues(d: SolverDevice): Allowed {
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6;
  if (d.levelsA) {
    const levels = d.levelsA
      .filter((l) => l > 0 && l >= d.minA - 1e-9 && l <= d.maxA + 1e-9)
      .sort((a, b) => a - b);
    const lo = levels[0] ?? 0;
    const top = levels.at(-1) ?? 0;
    return {
      runnable: !d.forcedOff && top > 0,
      lo,
      top,
      isAllowed: (a) => a === 0 || levels.some((l) => near(l, a)),
      next: (a) => levels.find((l) => l > a + 1e-7) ?? NaN,
      atLeast: (a) => levels.find((l) => l >= a - 1e-9) ?? top,
    };
  }
  const lo = Math.max(0, d.minA);
  const step = d.stepA;
  const top = step > 0 ? lo + Math.floor((d.maxA - lo) / step + 1e-9) * step : d.maxA;
  return {
    runnable: !d.forcedOff && top > 0 && top >= lo,
    lo,
    top,
    isAllowed: (a) => {
      if (a === 0) return true;
      if (a < lo - 1e-9 || a > top + 1e-6) return false;
      if (step === 0) return true;
      const k = (a - lo) / step;
      return near(k, Math.round(k));
    },
    next: (a) => (a >= top - 1e-7 ? NaN : step > 0 ? a + step : a + 1e-5),
    atLeast: (a) =>
      step > 0 ? Math.min(top, lo + Math.ceil((a - lo) / step - 1e-9) * step) : Math.min(top, a),
  };
}

/** Each line's value under allocation x: the devices' amps, or for the neutral the phasor magnitude. */
export function lineValues(p: SolverProblem, x: number[]): number[] {
  const values = p.lines.map(() => 0);
  p.devices.forEach((d, i) => {
    for (const l of d.loads) values[l.line] = values[l.line]! + l.coefficient * (x[i] ?? 0);
  });
  if (p.neutral) values[p.neutral.line] = neutralA(p, x);
  return values;
}

function neutralA(p: SolverProblem, x: number[]): number {
  const phase = [...(p.neutral?.baseA ?? [0, 0, 0])];
  p.devices.forEach((d, i) => d.phaseA?.forEach((c, k) => (phase[k] = phase[k]! + c * (x[i] ?? 0))));
  let re = 0;
  let im = 0;
  phase.forEach((a, k) => {
    re += a * Math.cos((2 * Math.PI * k) / 3);
    im += a * Math.sin((2 * Math.PI * k) / 3);
  });
  return Math.hypot(re, im);
}

function overLines(p: SolverProblem, x: number[], tolerance: number): number[] {
  const values = lineValues(p, x);
  return p.lines.flatMap((l, i) => (values[i]! > l.capacityA + tolerance ? [i] : []));
}

/** The lines d touches: its loads, and the neutral when it has a phase current. */
function linesOf(p: SolverProblem, d: SolverDevice): number[] {
  const lines = d.loads.filter((l) => l.coefficient > 0).map((l) => l.line);
  if (p.neutral && d.phaseA?.some((c) => c !== 0)) lines.push(p.neutral.line);
  return lines;
}

/** The lines d's lines that would be over if d were set to value (others unchanged). */
function blockedBy(p: SolverProblem, x: number[], d: number, value: number): number[] {
  const y = [...x];
  y[d] = value;
  const mine = new Set(linesOf(p, p.devices[d]!));
  return overLines(p, y, BLOCK_TOLERANCE_A).filter((l) => mine.has(l));
}

export function checkAllocation(p: SolverProblem, r: SolverAllocation): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);
  const x = r.currentA;
  const allowed = p.devices.map(allowedValues);
  const name = (i: number) => `"${p.devices[i]!.id}" (${x[i]} A)`;

  const zeroOver = p.lines.flatMap((l, i) =>
    (p.neutral?.line === i ? neutralA(p, []) > l.capacityA + ZERO_FEASIBLE_A : l.capacityA < -ZERO_FEASIBLE_A)
      ? [i]
      : [],
  );
  if (zeroOver.length > 0) {
    if (x.some((a) => a !== 0)) fail(`lines ${zeroOver} are over at 0 but not every device is 0`);
    if (r.infeasibleLines.join() !== zeroOver.join())
      fail(`infeasibleLines ${r.infeasibleLines} ≠ ${zeroOver}`);
    allowed.forEach((a, i) => {
      if (a.runnable && !zeroOver.includes(r.bindingLine[i] ?? -1))
        fail(`${name(i)} names no overloaded line`);
    });
    return problems;
  }

  for (const l of overLines(p, x, LIMIT_TOLERANCE_A)) fail(`line ${l} "${p.lines[l]!.label}" is over`);
  const on = allowed.map((a, i) => a.runnable && !r.shed[i]);
  allowed.forEach((a, i) => {
    if (!a.isAllowed(x[i]!)) fail(`${name(i)} is not 0 or an allowed value`);
    if (!a.runnable && x[i] !== 0) fail(`${name(i)} runs although it may not`);
    if (r.shed[i] && x[i] !== 0) fail(`${name(i)} is shed but runs`);
    if (on[i] && x[i]! < a.lo - 1e-9) fail(`${name(i)} is on below its minimum`);
  });

  const before = (h: number, e: number) => {
    const dh = p.devices[h]!;
    const de = p.devices[e]!;
    if (de.priority !== dh.priority) return de.priority > dh.priority;
    if (de.shedRank !== dh.shedRank) return de.shedRank < dh.shedRank;
    return de.id < dh.id;
  };
  // The neutral is not monotone (a load on another phase relieves it) and the solver hands out the
  // room it reopens greedily: with a neutral limit, priority and fairness are not claimed.
  const claimOrder = p.neutral === undefined;
  p.devices.forEach((dh, h) => {
    const a = allowed[h]!;
    if (r.shed[h]) {
      // Minimums first: h did not fit at its minimum next to the minimums of those served before it.
      const z = p.devices.map((_, e) => (e !== h && on[e] && before(h, e) ? allowed[e]!.lo : 0));
      if (blockedBy(p, z, h, a.lo).length === 0) fail(`${name(h)} is shed but its minimum fits`);
      return;
    }
    if (!on[h]) return;
    const next = a.next(x[h]!);
    if (Number.isNaN(next)) {
      if (r.bindingLine[h] !== null) fail(`${name(h)} is at its top but has a binding line`);
      return;
    }
    // No unused room: something stops h, and its binding line is one of its lines.
    const blocking = blockedBy(p, x, h, next);
    if (blocking.length === 0) fail(`${name(h)} is below its top and could take its next step`);
    const binding = r.bindingLine[h];
    if (binding === null || binding === undefined || !linesOf(p, dh).includes(binding)) {
      fail(`${name(h)} is below its top but its binding line ${binding} is not one of its lines`);
    }
    if (!claimOrder) return;
    // Priority: with every lower-priority device back at its minimum, h still cannot rise.
    const y = p.devices.map((de, e) => (de.priority < dh.priority && on[e] ? allowed[e]!.lo : x[e]!));
    if (blockedBy(p, y, h, next).length === 0) fail(`${name(h)} could rise if lower priorities gave back`);
    // Fairness: a line stops h on which no device of its class has more (steps allowed for).
    const fair = blocking.some((l) => fairOn(p, r, allowed, on, h, l, next));
    if (!fair) fail(`${name(h)} is below its top and every line stopping it has a class-mate with more`);
  });
  return problems;
}

/**
 * Max-min fairness on line l, as its definition: h cannot rise on l by taking from a class-mate
 * with more. Any class-mate e above h's next value, given back down to that value (or its own
 * minimum), would still leave h blocked on l.
 */
function fairOn(
  p: SolverProblem,
  r: SolverAllocation,
  allowed: Allowed[],
  on: boolean[],
  h: number,
  l: number,
  next: number,
): boolean {
  const x = r.currentA;
  const dh = p.devices[h]!;
  return p.devices.every((de, e) => {
    if (e === h || !on[e] || de.priority !== dh.priority) return true;
    const floor = Math.max(allowed[e]!.lo, allowed[e]!.atLeast(next));
    if (x[e]! <= floor + 1e-9) return true;
    const y = [...x];
    y[e] = floor;
    return blockedBy(p, y, h, next).includes(l);
  });
}
