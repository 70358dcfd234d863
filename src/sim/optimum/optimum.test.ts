// Hand-checkable programs: each expectation is worked out in the comment beside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptimumInputError, solveOptimum } from './index.js';
import { aCharger, aSession, aSite, anInput } from './test-builders.js';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

/** 1 × 230 V, one charger "car" (32 A) on L1. */
const home = (site: Record<string, unknown> = {}, charger: Record<string, unknown> = {}) =>
  aSite({ site: { phases: 1, fuseA: 17, marginA: 1, ...site }, devices: [aCharger('car', charger)] });

describe('solveOptimum: EV energy', () => {
  it('delivers exactly what the fuse allows', async () => {
    // 16 A (17 − 1 margin) × 230 V = 3.68 kW for 2 h = 7.36 kWh, less than the 20 kWh asked.
    const r = await solveOptimum(
      anInput(home(), { steps: 8, sessions: [aSession({ departureS: 7200, energyKWh: 20 })] }),
    );
    assert.equal(r.status, 'optimal');
    close(r.evDeliveredKWh, 7.36, 'delivered');
    close(r.sessionKWh[0] ?? 0, 7.36, 'session');
  });

  it('takes the base load off the headroom', async () => {
    // 460 W base = 2 A, so 14 A × 230 V × 2 h = 6.44 kWh.
    const r = await solveOptimum(
      anInput(home(), { steps: 8, baseW: [460], sessions: [aSession({ departureS: 7200, energyKWh: 20 })] }),
    );
    close(r.evDeliveredKWh, 6.44, 'delivered');
  });

  it('shares one fuse between two cars, and gives two phases each their own', async () => {
    // Both on L1: 7.36 kWh in total for 10 kWh asked. On L1 and L2 of a 3-phase site: 7.36 each.
    const site = aSite({
      site: { phases: 3, fuseA: 17, marginA: 1 },
      devices: [aCharger('a'), aCharger('b', { phases: ['L2'] })],
    });
    const shared = await solveOptimum(
      anInput(site, {
        steps: 8,
        sessions: [
          aSession({ deviceId: 'a', departureS: 7200, energyKWh: 5 }),
          aSession({ deviceId: 'b', departureS: 7200, energyKWh: 5 }),
        ],
      }),
    );
    close(shared.evDeliveredKWh, 7.36, 'shared L1');
    assert.ok(
      shared.sessionKWh.every((kWh) => kWh <= 5 + 1e-6),
      'no session above its request',
    );
    const apart = await solveOptimum(
      anInput(site, {
        steps: 8,
        sessions: [
          aSession({ deviceId: 'a', departureS: 7200, energyKWh: 10 }),
          aSession({ deviceId: 'b', departureS: 7200, energyKWh: 10, sitePhases: [1] }),
        ],
      }),
    );
    close(apart.sessionKWh[0] ?? 0, 7.36, 'car on L1');
    close(apart.sessionKWh[1] ?? 0, 7.36, 'car on L2');
  });

  it('caps a request at maximum power × connected time', async () => {
    // The car takes 10 A: 2.3 kW × 1 h. A charger of 8 A: 1.84 kWh. 90 minutes connected at 10 A in
    // 15-minute steps: 3.45 kWh.
    const big = { fuseA: 63 };
    const car = await solveOptimum(anInput(home(big), { steps: 8, sessions: [aSession({ maxA: 10 })] }));
    close(car.evDeliveredKWh, 2.3, 'car limit');
    const charger = await solveOptimum(anInput(home(big, { maxA: 8 }), { steps: 8, sessions: [aSession()] }));
    close(charger.evDeliveredKWh, 1.84, 'charger limit');
    const partial = await solveOptimum(
      anInput(home(big), { steps: 8, sessions: [aSession({ arrivalS: 450, departureS: 5850, maxA: 10 })] }),
    );
    close(partial.evDeliveredKWh, 3.45, 'partial steps');
  });

  it('limits a charger by its own circuit and that circuit’s base load', async () => {
    // garage: 10 A, no margin → 2.3 kW for 1 h; with 230 W of garage lighting, 9 A → 2.07 kWh.
    const site = aSite({
      site: { phases: 1, fuseA: 25 },
      circuits: [{ id: 'garage', fuseA: 10, marginA: 0 }],
      devices: [aCharger('car', { circuit: 'garage' })],
    });
    const bare = await solveOptimum(anInput(site, { steps: 4, sessions: [aSession()] }));
    close(bare.evDeliveredKWh, 2.3, 'garage fuse');
    const lit = await solveOptimum(
      anInput(site, {
        steps: 4,
        sessions: [aSession()],
        circuitBaseW: { garage: [new Float64Array(4).fill(230)] },
      }),
    );
    close(lit.evDeliveredKWh, 2.07, 'garage fuse less its base');
  });

  it('converts amps to watts on a 3x230 V it network', async () => {
    // 3-phase car: √3 × 230 V × 16 A = 6.374 kW. A 1-phase car between L1 and L2: 230 V × 16 A.
    const site = aSite({
      site: { phases: 3, network: 'it', fuseA: 17, marginA: 1 },
      devices: [aCharger('car', { phases: ['L1', 'L2', 'L3'] })],
    });
    const three = await solveOptimum(
      anInput(site, { steps: 4, sessions: [aSession({ sitePhases: [0, 1, 2] })] }),
    );
    close(three.evDeliveredKWh, (Math.sqrt(3) * 230 * 16) / 1000, '3-phase');
    const one = await solveOptimum(anInput(site, { steps: 4, sessions: [aSession({ sitePhases: [0, 1] })] }));
    close(one.evDeliveredKWh, 3.68, '1-phase between two lines');
  });

  it('follows the site schedule when the clock is known', async () => {
    // 16:00–18:00 local; from 17:00 the main is 10 A: 24 A × 230 V × 1 h + 9 A × 230 V × 1 h.
    const site = home({ fuseA: 25, schedule: [{ from: '17:00', to: '21:00', limitA: 10 }] });
    const startMs = Date.UTC(2026, 0, 15, 15); // 16:00 in Amsterdam (CET)
    const r = await solveOptimum(
      anInput(site, { steps: 8, startMs, sessions: [aSession({ departureS: 7200, energyKWh: 20 })] }),
    );
    close(r.evDeliveredKWh, 5.52 + 2.07, 'delivered');
  });

  it('serves sessions that cross midnight in separate windows, whole', async () => {
    // Two overnight sessions (20:00–07:00) and one at noon: three windows, every request met.
    const day = 96;
    const sessions = [
      aSession({ arrivalS: 20 * 3600, departureS: 31 * 3600, energyKWh: 20 }),
      aSession({ arrivalS: 36 * 3600, departureS: 37 * 3600, energyKWh: 2 }),
      aSession({ arrivalS: 44 * 3600, departureS: 55 * 3600, energyKWh: 25 }),
    ];
    const r = await solveOptimum(anInput(home({ fuseA: 25 }), { steps: 3 * day, sessions }));
    assert.equal(r.windows, 3);
    assert.deepEqual(
      r.sessionKWh.map((kWh) => Math.round(kWh * 1e6) / 1e6),
      [20, 2, 25],
    );
  });
});

describe('solveOptimum: modes', () => {
  it('feeds a pv charger from the surplus only, and a minpv one its minimum besides', async () => {
    // PV 3 kW, base 1 kW for 1 h: the pv car gets the 2 kW surplus, 2 kWh; self-consumption 1.
    // Without the car 1 of 3 kWh is used on site. minpv without sun: 6 A × 230 V × 1 h = 1.38 kWh.
    const inputs = { steps: 4, baseW: [1000], pvW: 3000, sessions: [aSession()] };
    const pv = await solveOptimum(anInput(home({ fuseA: 40 }, { mode: 'pv' }), inputs));
    close(pv.evDeliveredKWh, 2, 'pv');
    close(pv.pvSelfConsumption ?? 0, 1, 'self-consumption');
    const none = await solveOptimum(
      anInput(home({ fuseA: 40 }, { mode: 'pv' }), { ...inputs, sessions: [] }),
    );
    close(none.pvSelfConsumption ?? 0, 1 / 3, 'self-consumption without the car');
    const physical = await solveOptimum(
      anInput(home({ fuseA: 40 }, { mode: 'pv' }), { ...inputs, ignoreModes: true }),
    );
    close(physical.evDeliveredKWh, 7.36, 'ignoring the mode');
    const minpv = await solveOptimum(anInput(home({ fuseA: 40 }, { mode: 'minpv' }), { ...inputs, pvW: 0 }));
    close(minpv.evDeliveredKWh, 1.38, 'minpv');
    const off = await solveOptimum(anInput(home({}, { mode: 'off' }), inputs));
    assert.equal(off.evDeliveredKWh, 0);
    assert.equal(off.windows, 0);
  });
});

describe('solveOptimum: peak and cost', () => {
  it('finds the peak floor at full EV energy', async () => {
    // Base 3 kW for an hour, then 1 kW; 4 kWh to charge in those 2 h. Filling the valley to a level
    // L: (L − 3) + (L − 1) = 4 → L = 4 kW. Cost: 8 kWh × 0.30 € + 40 €/kW/yr × 4 kW × 2 h / 8760 h.
    const input = anInput(home({ fuseA: 63 }), {
      steps: 8,
      baseW: [[3000, 3000, 3000, 3000, 1000, 1000, 1000, 1000]],
      sessions: [aSession({ departureS: 7200, energyKWh: 4 })],
      capacityTariff: 40,
    });
    const r = await solveOptimum(input);
    close(r.evDeliveredKWh, 4, 'delivered');
    close(r.peak15mW, 4000, 'peak', 0.05);
    close(r.costEUR, 2.4 + (40 * 4 * 2) / 8760, 'cost', 1e-4);
    assert.equal(r.quarterImportW.length, 8);
    // Billed at least 5 kW: the same plan, the capacity part at 5 kW.
    const minimum = await solveOptimum({ ...input, capacityMinimumKW: 5 });
    close(minimum.costEUR, 2.4 + (40 * 5 * 2) / 8760, 'cost with a billing minimum', 1e-4);
  });

  it('averages 5-minute steps into clock quarters', async () => {
    // Base 6 kW for 5 minutes of each quarter, else 0; 3 kWh in 1 h → 3 kW per quarter on average:
    // each quarter's average is (6 + EV) / 3 with 0.75 kWh of EV → (0.5 + 0.75) / 0.25 = 5 kW.
    const base = Array.from({ length: 12 }, (_, t) => (t % 3 === 0 ? 6000 : 0));
    const r = await solveOptimum(
      anInput(home({ fuseA: 63 }), {
        stepS: 300,
        steps: 12,
        baseW: [base],
        sessions: [aSession({ energyKWh: 3 })],
      }),
    );
    close(r.peak15mW, 5000, 'peak', 0.05);
  });

  it('charges in the cheapest step when the peak does not care', async () => {
    // One quarter of three 5-minute steps at 0.5, 0.1, 0.5 €/kWh: 0.6 kWh fits in the middle one.
    const r = await solveOptimum(
      anInput(home({ fuseA: 63 }), {
        stepS: 300,
        steps: 3,
        importPrice: [0.5, 0.1, 0.5],
        sessions: [aSession({ departureS: 900, energyKWh: 0.6 })],
      }),
    );
    close(r.evW[1] ?? 0, 7200, 'middle step', 0.01);
    close(r.costEUR, 0.06, 'cost');
  });
});

describe('solveOptimum: trouble', () => {
  it('reports a base load alone over the fuse and keeps the chargers off there', async () => {
    // Step 2: 4.6 kW = 20 A on a 16 A limit. The car charges in the other three steps.
    const r = await solveOptimum(
      anInput(home(), { steps: 4, baseW: [[0, 0, 4600, 0]], sessions: [aSession({ energyKWh: 20 })] }),
    );
    assert.equal(r.status, 'infeasible');
    assert.equal(r.baseOverloadSteps, 1);
    assert.match(r.message ?? '', /main L1 at step 2/);
    close(r.evW[2] ?? -1, 0, 'no charging in the overloaded step');
    close(r.evDeliveredKWh, 3 * 0.92, 'the other steps');
  });

  it('relaxes the 6 A minimum: a step average may be any share of it', async () => {
    // 5 A of headroom: 5 A × 230 V × 1 h = 1.15 kWh (a real car would run 6 A for 5/6 of the time).
    const r = await solveOptimum(anInput(home({ fuseA: 6 }), { steps: 4, sessions: [aSession()] }));
    close(r.evDeliveredKWh, 1.15, 'relaxation');
  });

  it('rejects malformed input with the field named', async () => {
    const site = home();
    await assert.rejects(
      solveOptimum(anInput(site, { steps: 4, sessions: [aSession({ deviceId: 'bike' })] })),
      {
        name: 'OptimumInputError',
        message: /sessions\[0\]: "bike" is not a charger/,
      },
    );
    await assert.rejects(
      solveOptimum(anInput(site, { stepS: 700, steps: 4, sessions: [] })),
      OptimumInputError,
    );
    await assert.rejects(
      solveOptimum({ ...anInput(site, { steps: 4, sessions: [] }), pvW: new Float64Array(2) }),
      /pvW: needs 4 steps, has 2/,
    );
  });
});
