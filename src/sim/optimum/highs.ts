// Solves a window's program lexicographically with HiGHS (WebAssembly, through the `highs`
// package): first the most EV energy, then — that energy held — the lowest quarter-hour peak,
// then — both held — the lowest cost. One persistent model, so each stage starts from the last
// basis instead of from scratch.
import highsModule, { type Highs, type Model } from 'highs';
import type { LinearProgram } from './program.js';

// The package's types describe its CommonJS build (the loader as module.exports.default); the ESM
// build Node loads here exports the loader itself as default.
const loadHighs = highsModule as unknown as typeof highsModule.default;

let runtime: Promise<Highs> | null = null;

/** The WebAssembly runtime, loaded once per process. */
function highs(): Promise<Highs> {
  const loading = runtime ?? loadHighs();
  runtime = loading;
  return loading;
}

export type StagedSolution =
  | { status: 'optimal'; colValue: Float64Array; solveMs: number }
  | { status: 'error'; message: string; solveMs: number };

/** How much an earlier objective may give up for a later one: relative, with an absolute floor. */
const HOLD_TOLERANCE = 1e-9;
const STAGE_TIME_LIMIT_S = 120;

export async function solveStaged(lp: LinearProgram): Promise<StagedSolution> {
  const h = await highs();
  const started = performance.now();
  const numCols = lp.colLower.length;
  const numRows = lp.rowLower.length;
  const inf = (v: number) => (v === Infinity ? h.infinity : v === -Infinity ? -h.infinity : v);
  const model = h.createModel({
    numCols,
    numRows,
    sense: h.constants.objectiveSense.maximize,
    colCost: lp.energy,
    colLower: lp.colLower,
    colUpper: lp.colUpper.map(inf),
    rowLower: lp.rowLower.map(inf),
    rowUpper: lp.rowUpper.map(inf),
    matrix: {
      format: 'csr',
      numRows,
      numCols,
      starts: lp.rowStarts,
      indices: lp.rowIndices,
      values: lp.rowValues,
    },
  });
  try {
    // A window is a few thousand columns and solves in milliseconds; a stage that takes minutes
    // means something is wrong, and the run should say so rather than hang.
    model.options.set({ output_flag: false, time_limit: STAGE_TIME_LIMIT_S });
    const energy = run(h, model, 'energy');
    if (typeof energy === 'string') return failed(energy, started);
    hold(h, model, lp.energy, energy, 'atLeast');

    model.changeObjectiveSense(h.constants.objectiveSense.minimize);
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, lp.peak);
    const peak = run(h, model, 'peak');
    if (typeof peak === 'string') return failed(peak, started);
    hold(h, model, lp.peak, peak, 'atMost');

    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, lp.cost);
    const cost = run(h, model, 'cost');
    if (typeof cost === 'string') return failed(cost, started);
    return {
      status: 'optimal',
      colValue: model.getSolution().colValue,
      solveMs: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}

/** Runs the current stage: its objective value, or what went wrong. */
function run(h: Highs, model: Model, stage: string): number | string {
  const { modelStatus } = model.run();
  if (modelStatus !== h.constants.modelStatus.optimal) {
    const name = Object.entries(h.constants.modelStatus).find(([, code]) => code === modelStatus)?.[0];
    return `HiGHS ended the ${stage} stage with status ${name ?? modelStatus}`;
  }
  return model.getObjectiveValue();
}

/** Keeps an objective within tolerance of its optimum while the next one is optimised. */
function hold(
  h: Highs,
  model: Model,
  coefficients: number[],
  value: number,
  side: 'atLeast' | 'atMost',
): void {
  const slack = HOLD_TOLERANCE * Math.max(1, Math.abs(value));
  const indices: number[] = [];
  const values: number[] = [];
  coefficients.forEach((c, i) => {
    if (c !== 0) {
      indices.push(i);
      values.push(c);
    }
  });
  if (side === 'atLeast') model.addRow(value - slack, h.infinity, { indices, values });
  else model.addRow(-h.infinity, value + slack, { indices, values });
}

function failed(message: string, started: number): StagedSolution {
  return { status: 'error', message, solveMs: performance.now() - started };
}
