// The simulator's public surface: run a scenario under a policy (or all of them side by side),
// with the perfect-foresight optimum as the reference when src/sim/optimum is there.
import { runScenario, runSpan, type Span } from './engine.js';
import { round } from './kpis.js';
import { optimumInput } from './optimum-input.js';
import { solveOptimum } from './optimum/index.js';
import type { OptimumInput, OptimumResult } from './optimum/types.js';
import { POLICIES, type Kpis, type PolicyName, type SimRun } from './run-types.js';
import type { Scenario } from './scenario/load.js';

export interface SimulateOptions extends Span {
  policy: PolicyName;
  onProgress?: (doneS: number, totalS: number) => void;
  /** Judge missed sessions against the optimum when it is available (default true). */
  withOptimum?: boolean;
}

/** The optimum's result for a scenario (src/sim/optimum). */
export async function solveScenario(scenario: Scenario, span: Span = {}): Promise<OptimumResult> {
  return (await solveWithInput(scenario, span)).result;
}

async function solveWithInput(
  scenario: Scenario,
  span: Span,
): Promise<{ input: OptimumInput; result: OptimumResult }> {
  const input = optimumInput(scenario, span);
  const result = await solveOptimum(input);
  // 'infeasible' still comes with figures: the best plan with the chargers off where the base
  // load alone is over a limit. Only a solver error leaves nothing to compare with.
  if (result.status === 'error') {
    throw new Error(`the optimum for ${scenario.name} failed: ${result.message ?? 'solver error'}`);
  }
  return { input, result };
}

export async function simulate(scenario: Scenario, options: SimulateOptions): Promise<SimRun> {
  if (options.policy === 'optimum') {
    const solved = await solveWithInput(scenario, options);
    return optimumRun(scenario, solved.result, solved.input, options);
  }
  const optimum = options.withOptimum === false ? null : await solveScenario(scenario, options);
  return runScenario(scenario, {
    policy: options.policy,
    days: options.days,
    start: options.start,
    optimum,
    onProgress: options.onProgress,
  });
}

/** The optimum as a run: its KPIs from the program's result; no per-second trace. */
export function optimumRun(
  scenario: Scenario,
  optimum: OptimumResult,
  input: OptimumInput,
  span: Span = {},
): SimRun {
  const { startMs, seconds } = runSpan(scenario, span);
  const requested = input.sessions.reduce((s, x) => s + x.energyKWh, 0);
  const kpis: Kpis = {
    scenario: scenario.name,
    policy: 'optimum',
    simulatedSeconds: seconds,
    trips: 0,
    overloadSeconds: 0,
    maxPhaseCurrentA: null,
    evRequestedKWh: round(requested, 3),
    evDeliveredKWh: round(optimum.evDeliveredKWh, 3),
    evSessionsMissed: 0,
    evSessionsMissedBasis: 'optimum',
    pvSelfConsumption: optimum.pvSelfConsumption,
    peak15mW: round(optimum.peak15mW, 1),
    startStops: null,
    costEUR: round(optimum.costEUR, 2),
    evSessions: input.sessions.length,
    outageSeconds: 0,
    telegrams: 0,
    telegramErrors: 0,
    wallMs: Math.round(optimum.solveMs),
  };
  return {
    kpis,
    scenario: {
      name: scenario.name,
      file: scenario.file,
      startIso: new Date(startMs).toISOString(),
      days: seconds / 86_400,
      seed: scenario.sim.seed,
    },
    site: scenario.site,
    startMs,
    stepS: input.stepS,
    samples: 0,
    circuits: [],
    devices: [],
    pvW: null,
    gridW: new Float32Array(0),
    quarters: { startMs, averageW: new Float32Array(0), targetW: null },
    sessions: input.sessions.map((s, i) => {
      const kWh = optimum.sessionKWh[i] ?? 0;
      return {
        deviceId: s.deviceId,
        arrivalS: s.arrivalS,
        departureS: s.departureS,
        requestedKWh: round(s.energyKWh, 3),
        deliveredKWh: round(kWh, 3),
        optimumKWh: round(kWh, 3),
        boundKWh: round(
          Math.min(
            s.energyKWh,
            (s.maxA * s.sitePhases.length * scenario.site.site.voltageV * (s.departureS - s.arrivalS)) /
              3.6e6,
          ),
          3,
        ),
        missed: false,
        asleep: false,
      };
    }),
    trips: [],
    optimum,
  };
}

export interface Comparison {
  runs: SimRun[];
  optimum: OptimumResult | null;
}

/** Every policy on the same scenario (the optimum first, when available, as the reference). */
export async function compare(
  scenario: Scenario,
  options: Span & { onProgress?: (policy: PolicyName, doneS: number, totalS: number) => void } = {},
): Promise<Comparison> {
  const solved = await solveWithInput(scenario, options);
  const optimum = solved?.result ?? null;
  const runs: SimRun[] = [];
  for (const policy of POLICIES) {
    if (policy === 'optimum') continue;
    runs.push(
      runScenario(scenario, {
        policy,
        days: options.days,
        start: options.start,
        optimum,
        onProgress: options.onProgress && ((done, total) => options.onProgress!(policy, done, total)),
      }),
    );
  }
  if (solved) runs.push(optimumRun(scenario, solved.result, solved.input, options));
  return { runs, optimum };
}
