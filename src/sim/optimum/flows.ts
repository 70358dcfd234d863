// The optimum's figures from its plan, computed the way the scorecard reads a run: import and
// export from the net flow of each step, quarter-hour averages of import, PV used on site, cost.
import type { TimeGrid } from './time-grid.js';
import type { OptimumInput } from './types.js';

export interface Flows {
  /** Σ phases base − PV per step, kW. */
  baseNetKW: Float64Array;
  /** max(0, PV − Σ base) per step, kW. */
  surplusKW: Float64Array;
}

export function exogenousFlows(input: OptimumInput): Flows {
  const { steps } = input;
  const phases = input.site.site.phases === 3 ? 3 : 1;
  const baseNetKW = new Float64Array(steps);
  const surplusKW = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    let baseW = 0;
    for (let p = 0; p < phases; p++) baseW += input.baseW[p]?.[t] ?? 0;
    const pvW = input.pvW[t] ?? 0;
    baseNetKW[t] = (baseW - pvW) / 1000;
    surplusKW[t] = Math.max(0, pvW - baseW) / 1000;
  }
  return { baseNetKW, surplusKW };
}

export interface Outcome {
  peak15mW: number;
  quarterImportW: Float64Array;
  pvSelfConsumption: number | null;
  costEUR: number;
}

/**
 * Cost = Σ import × price − export × export price, plus the capacity tariff: each billing period
 * (local month) pays tariff × max(its highest quarter, the minimum) (kW) × its share of a year,
 * as the scorecard bills a simulated run (src/sim/kpis.ts).
 */
export function outcome(input: OptimumInput, grid: TimeGrid, flows: Flows, evW: Float64Array): Outcome {
  const quarterImportW = new Float64Array(grid.quarterCount);
  let pvWh = 0;
  let exportedPvWh = 0;
  let energyEUR = 0;
  for (let t = 0; t < grid.steps; t++) {
    const netW = (flows.baseNetKW[t] ?? 0) * 1000 + (evW[t] ?? 0);
    const importW = Math.max(0, netW);
    const exportW = Math.max(0, -netW);
    const pvW = input.pvW[t] ?? 0;
    const q = grid.quarterOf[t] ?? 0;
    quarterImportW[q] = (quarterImportW[q] ?? 0) + importW / (grid.quarterSteps[q] ?? 1);
    pvWh += pvW * grid.stepH;
    exportedPvWh += Math.min(exportW, pvW) * grid.stepH;
    energyEUR +=
      ((importW * (input.importPriceEURPerKWh[t] ?? 0) - exportW * input.exportPriceEURPerKWh) * grid.stepH) /
      1000;
  }
  const periodPeakW: number[] = grid.periodYearShare.map(() => 0);
  let peak15mW = 0;
  quarterImportW.forEach((w, q) => {
    const period = grid.periodOfQuarter[q] ?? 0;
    periodPeakW[period] = Math.max(periodPeakW[period] ?? 0, w);
    peak15mW = Math.max(peak15mW, w);
  });
  const capacityEUR = periodPeakW.reduce(
    (sum, w, period) =>
      sum +
      input.capacityTariffEURPerKWYear *
        Math.max(w / 1000, input.capacityMinimumKW ?? 0) *
        (grid.periodYearShare[period] ?? 0),
    0,
  );
  return {
    peak15mW,
    quarterImportW,
    pvSelfConsumption: pvWh > 0 ? 1 - exportedPvWh / pvWh : null,
    costEUR: energyEUR + capacityEUR,
  };
}
