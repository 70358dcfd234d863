// Independent programs: sessions that overlap in time share fuses and quarter hours, so they are
// solved together; sessions that do not are independent, so a year becomes a few hundred small
// programs instead of one huge one. A window spans whole quarters, so no quarter hour (and no
// session crossing midnight) is ever cut between two programs.
import type { TimeGrid } from './time-grid.js';
import type { SessionWiring } from './lines.js';

export interface Window {
  /** First step and one past the last, both on quarter boundaries (or the horizon's ends). */
  fromStep: number;
  toStep: number;
  /** Indices into the input's sessions. */
  sessions: number[];
}

/** The steps a session can charge in, or null when it cannot charge at all. */
export function sessionSteps(grid: TimeGrid, wiring: SessionWiring): [number, number] | null {
  const { session: s } = wiring;
  if (wiring.mode === 'off' || !(s.energyKWh > 0) || !(wiring.maxKW > 0)) return null;
  const from = Math.max(0, Math.floor(s.arrivalS / grid.stepS));
  const to = Math.min(grid.steps, Math.ceil(s.departureS / grid.stepS));
  return to > from ? [from, to] : null;
}

export function groupWindows(grid: TimeGrid, sessions: SessionWiring[]): Window[] {
  const spans: { fromQ: number; toQ: number; index: number }[] = [];
  sessions.forEach((w, index) => {
    const steps = sessionSteps(grid, w);
    if (!steps) return;
    const fromQ = grid.quarterOf[steps[0]] ?? 0;
    const toQ = (grid.quarterOf[steps[1] - 1] ?? 0) + 1;
    spans.push({ fromQ, toQ, index });
  });
  spans.sort((a, b) => a.fromQ - b.fromQ || a.index - b.index);

  const groups: { fromQ: number; toQ: number; sessions: number[] }[] = [];
  for (const span of spans) {
    const last = groups[groups.length - 1];
    if (last && span.fromQ < last.toQ) {
      last.toQ = Math.max(last.toQ, span.toQ);
      last.sessions.push(span.index);
    } else {
      groups.push({ fromQ: span.fromQ, toQ: span.toQ, sessions: [span.index] });
    }
  }
  const firstStepOf = quarterStarts(grid);
  return groups.map((g) => ({
    fromStep: firstStepOf[g.fromQ] ?? 0,
    toStep: firstStepOf[g.toQ] ?? grid.steps,
    sessions: g.sessions.sort((a, b) => a - b),
  }));
}

/** The first step of every quarter, and grid.steps after the last. */
function quarterStarts(grid: TimeGrid): Int32Array {
  const starts = new Int32Array(grid.quarterCount + 1).fill(grid.steps);
  for (let t = grid.steps - 1; t >= 0; t--) starts[grid.quarterOf[t] ?? 0] = t;
  return starts;
}
