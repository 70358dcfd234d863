// The perfect-foresight optimum's solve time on the two sizes the scorecard needs: a year of a
// scenario-2-like villa (3x25 A, heat pump and hob in the base load, one EV most evenings) at 15-
// and 5-minute steps, and a company plaza (3x63 A, six chargers, lower limit in peak hours) for a
// week at 5-minute steps. Synthetic, seeded inputs: the figure is the solver's, not the physics'.
import { solveOptimum } from '../src/sim/optimum/index.js';
import type { OptimumInput, OptimumSession } from '../src/sim/optimum/types.js';
import { seededRandom, type Random } from '../src/sim/random.js';
import { parseSiteConfig } from '../src/site/load.js';
import type { BenchResult } from './types.js';

const DAY_S = 86_400;
const START_MS = Date.UTC(2025, 0, 1, -1); // 1 January 2025, 00:00 in Amsterdam

/** Household base per phase: a daily shape, the heat pump in winter, a hob at dinner time on L1+L2. */
function baseLoad(random: Random, stepS: number, steps: number): Float64Array[] {
  const base = [0, 1, 2].map(() => new Float64Array(steps));
  for (let t = 0; t < steps; t++) {
    const s = t * stepS;
    const hour = (s % DAY_S) / 3600;
    const season = Math.cos((2 * Math.PI * s) / (365 * DAY_S)); // 1 in January, −1 in July
    const daily = 150 + 250 * Math.exp(-((hour - 19) ** 2) / 6) + 120 * Math.exp(-((hour - 7.5) ** 2) / 2);
    const heatPumpW = Math.max(0, 1800 * season + 600 + 400 * (random() - 0.5));
    for (let p = 0; p < 3; p++) {
      const row = base[p];
      if (row) row[t] = daily * (0.8 + 0.4 * random()) + heatPumpW / 3;
    }
    if (hour >= 18 && hour < 18.5 && random() < 0.8) {
      for (const p of [0, 1]) {
        const row = base[p];
        if (row) row[t] = (row[t] ?? 0) + 1850;
      }
    }
  }
  return base;
}

function pv(stepS: number, steps: number, kWp: number): Float64Array {
  return Float64Array.from({ length: steps }, (_, t) => {
    const s = t * stepS;
    const hour = (s % DAY_S) / 3600;
    const season = 0.6 - 0.4 * Math.cos((2 * Math.PI * s) / (365 * DAY_S));
    return Math.max(0, Math.sin((Math.PI * (hour - 6)) / 14)) * kWp * 1000 * season * 0.8;
  });
}

function prices(stepS: number, steps: number): Float64Array {
  return Float64Array.from({ length: steps }, (_, t) => {
    const hour = ((t * stepS) % DAY_S) / 3600;
    return hour >= 7 && hour < 23 ? 0.32 : 0.22;
  });
}

function villaYear(stepS: number): OptimumInput {
  const random = seededRandom(2);
  const steps = (365 * DAY_S) / stepS;
  const site = parseSiteConfig(
    JSON.stringify({
      site: { phases: 3, fuseA: 25 },
      devices: [{ id: 'car', kind: 'charger', phases: ['L1', 'L2', 'L3'], maxA: 16 }],
    }),
    '<villa>',
  );
  const sessions: OptimumSession[] = [];
  for (let day = 0; day < 365; day++) {
    if (random() < 0.2) continue;
    const arrivalS = day * DAY_S + (17 + 3 * random()) * 3600;
    sessions.push({
      deviceId: 'car',
      arrivalS,
      departureS: day * DAY_S + (31 + random()) * 3600,
      energyKWh: 5 + 25 * random(),
      maxA: 16,
      sitePhases: [0, 1, 2],
    });
  }
  return {
    site,
    stepS,
    steps,
    startMs: START_MS,
    baseW: baseLoad(random, stepS, steps),
    pvW: pv(stepS, steps, 4),
    pvPhases: [0, 1, 2],
    sessions,
    importPriceEURPerKWh: prices(stepS, steps),
    exportPriceEURPerKWh: 0.05,
    capacityTariffEURPerKWYear: 0,
  };
}

function plazaWeek(stepS: number): OptimumInput {
  const random = seededRandom(4);
  const steps = (7 * DAY_S) / stepS;
  const rotations = [
    ['L1', 'L2', 'L3'],
    ['L2', 'L3', 'L1'],
    ['L3', 'L1', 'L2'],
  ];
  const site = parseSiteConfig(
    JSON.stringify({
      site: { phases: 3, fuseA: 63, schedule: [{ from: '17:00', to: '20:00', limitA: 40 }] },
      circuits: [{ id: 'plaza', fuseA: 50 }],
      devices: Array.from({ length: 6 }, (_, i) => ({
        id: `cp${i}`,
        kind: 'charger',
        circuit: 'plaza',
        phases: rotations[i % 3],
        maxA: 32,
        priority: i < 2 ? 1 : 0,
      })),
    }),
    '<plaza>',
  );
  const sessions: OptimumSession[] = [];
  for (let day = 0; day < 7; day++) {
    for (let c = 0; c < 6; c++) {
      // A commuter in the morning, sometimes a visitor in the afternoon.
      const visits = random() < 0.5 ? 2 : 1;
      let fromH = 7 + 2 * random();
      for (let v = 0; v < visits; v++) {
        const toH = Math.min(23.5, fromH + (visits === 2 ? 2 + 3 * random() : 7 + 3 * random()));
        const threePhase = random() < 0.6;
        sessions.push({
          deviceId: `cp${c}`,
          arrivalS: day * DAY_S + fromH * 3600,
          departureS: day * DAY_S + toH * 3600,
          energyKWh: 8 + 40 * random(),
          maxA: threePhase ? 16 : 32,
          sitePhases: threePhase ? [0, 1, 2].map((p) => (p + c) % 3) : [c % 3],
        });
        fromH = toH + 0.5 + random();
      }
    }
  }
  return {
    site,
    stepS,
    steps,
    startMs: START_MS,
    baseW: baseLoad(random, stepS, steps).map((phase) => phase.map((w) => w * 3)),
    pvW: pv(stepS, steps, 40),
    pvPhases: [0, 1, 2],
    sessions,
    importPriceEURPerKWh: prices(stepS, steps),
    exportPriceEURPerKWh: 0.05,
    capacityTariffEURPerKWYear: 0,
  };
}

async function timed(name: string, input: OptimumInput, goal?: string): Promise<BenchResult[]> {
  const started = performance.now();
  const r = await solveOptimum(input);
  const wallS = (performance.now() - started) / 1000;
  if (r.status === 'error') throw new Error(`${name}: ${r.message ?? 'solver error'}`);
  const size = `${r.windows} windows, ${r.variables} variables`;
  return [
    { name: `optimum ${name}: wall time`, value: wallS, unit: 's', ...(goal ? { goal } : {}) },
    { name: `optimum ${name}: of which HiGHS (${size})`, value: r.solveMs / 1000, unit: 's' },
  ];
}

export async function bench(): Promise<BenchResult[]> {
  return [
    ...(await timed('villa year, 15-min steps', villaYear(900), '≤ 60 s')),
    ...(await timed('villa year, 5-min steps', villaYear(300), '≤ 120 s')),
    ...(await timed('plaza week, 5-min steps', plazaWeek(300), '≤ 30 s')),
  ];
}
