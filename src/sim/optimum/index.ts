// The perfect-foresight optimum: what the best possible plan over the same inputs achieves, as a
// bound to score the controller against (docs/scenarios.md, "The optimum"). Sessions that overlap in
// time form one window; each window is one small linear program solved lexicographically (EV
// energy, then the 15-minute peak, then cost) by HiGHS; the figures come from the joined plan.
import { OptimumInputError } from './errors.js';
import { exogenousFlows, outcome } from './flows.js';
import { solveStaged } from './highs.js';
import { siteLines } from './lines.js';
import { buildProgram, type ProgramContext } from './program.js';
import { timeGrid } from './time-grid.js';
import type { OptimumInput, OptimumResult } from './types.js';
import { groupWindows } from './windows.js';

export { OptimumInputError } from './errors.js';
export type { OptimumInput, OptimumResult, OptimumSession } from './types.js';

/** A session within this share of its request counts as met (solver tolerances, not energy). */
const MET_TOLERANCE = 1e-6;

/** Solves the optimum. Throws OptimumInputError for malformed input; solver trouble is a status. */
export async function solveOptimum(input: OptimumInput): Promise<OptimumResult> {
  checkInput(input);
  const grid = timeGrid(input);
  const site = siteLines(input, grid);
  const flows = exogenousFlows(input);
  const ctx: ProgramContext = {
    grid,
    lines: site.lines,
    wiring: site.sessions,
    baseNetKW: flows.baseNetKW,
    surplusKW: flows.surplusKW,
    importPriceEURPerKWh: input.importPriceEURPerKWh,
    exportPriceEURPerKWh: input.exportPriceEURPerKWh,
  };

  const sessionKWh = input.sessions.map(() => 0);
  const evW = new Float64Array(grid.steps);
  const errors: string[] = [];
  let solveMs = 0;
  let variables = 0;
  let constraints = 0;
  const windows = groupWindows(grid, site.sessions);
  for (const window of windows) {
    const lp = buildProgram(ctx, window);
    if (!lp) continue;
    variables += lp.colLower.length;
    constraints += lp.rowLower.length;
    const solution = await solveStaged(lp);
    solveMs += solution.solveMs;
    if (solution.status === 'error') {
      errors.push(`steps ${window.fromStep}..${window.toStep - 1}: ${solution.message}`);
      continue;
    }
    for (const { session, step, col } of lp.charges) {
      const kW = Math.max(0, solution.colValue[col] ?? 0);
      sessionKWh[session] = (sessionKWh[session] ?? 0) + kW * grid.stepH;
      evW[step] = (evW[step] ?? 0) + kW * 1000;
    }
    // HiGHS blocks; let the event loop breathe between windows (progress bars, signals).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  // Solver tolerances leave a met request a few mWh short; a met request reads as met.
  input.sessions.forEach((s, i) => {
    if ((sessionKWh[i] ?? 0) >= s.energyKWh * (1 - MET_TOLERANCE)) sessionKWh[i] = s.energyKWh;
  });
  const result = outcome(input, grid, flows, evW);
  const overload = site.firstOverload;
  return {
    status: errors.length > 0 ? 'error' : site.overloadSteps > 0 ? 'infeasible' : 'optimal',
    sessionKWh,
    evDeliveredKWh: sessionKWh.reduce((a, b) => a + b, 0),
    peak15mW: result.peak15mW,
    pvSelfConsumption: result.pvSelfConsumption,
    costEUR: result.costEUR,
    solveMs,
    variables,
    constraints,
    baseOverloadSteps: site.overloadSteps,
    evW,
    quarterImportW: result.quarterImportW,
    windows: windows.length,
    ...(errors.length > 0
      ? { message: errors.join('; ') }
      : overload
        ? {
            message: `the base load alone is over the limit of ${overload.line} at step ${overload.step} (${site.overloadSteps} steps in all); the chargers stay off there`,
          }
        : {}),
  };
}

function checkInput(input: OptimumInput): void {
  const { steps } = input;
  const phases = input.site.site.phases === 3 ? [0, 1, 2] : [0];
  const long = (field: string, a: ArrayLike<number> | undefined) => {
    if (!a || a.length < steps)
      throw new OptimumInputError(field, `needs ${steps} steps, has ${a?.length ?? 0}`);
  };
  for (const p of phases) long(`baseW[${p}]`, input.baseW[p]);
  long('pvW', input.pvW);
  long('importPriceEURPerKWh', input.importPriceEURPerKWh);
  for (const [id, base] of Object.entries(input.circuitBaseW ?? {})) {
    if (!input.site.circuits.some((c) => c.id === id)) {
      throw new OptimumInputError(`circuitBaseW.${id}`, 'is not a sub-circuit of the site');
    }
    for (const p of phases) long(`circuitBaseW.${id}[${p}]`, base[p]);
  }
  if (input.pvPhases.length === 0 || input.pvPhases.some((p) => !phases.includes(p))) {
    throw new OptimumInputError('pvPhases', `${JSON.stringify(input.pvPhases)} are not phases of the site`);
  }
  input.sessions.forEach((s, i) => {
    const ok =
      Number.isFinite(s.arrivalS) &&
      Number.isFinite(s.departureS) &&
      s.departureS >= s.arrivalS &&
      Number.isFinite(s.energyKWh) &&
      s.energyKWh >= 0 &&
      s.maxA >= 0;
    if (!ok)
      throw new OptimumInputError(`sessions[${i}]`, 'needs arrivalS ≤ departureS, energyKWh ≥ 0, maxA ≥ 0');
  });
}
