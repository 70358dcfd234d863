// The scorecard on the six reference scenarios, each in a window of a few hours where it matters
// (the evening a car comes home while dinner is cooked, the vans' return in peak hours, the shift
// start in the hall), so that the suite stays fast. These can fail: they are the claims ampshare
// makes. The optimum (src/sim/optimum) is solved for the same window; a solver failure fails them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runScenario } from './engine.js';
import type { OptimumResult } from './optimum/types.js';
import type { SimRun } from './run-types.js';
import { loadScenario, type Scenario } from './scenario/load.js';
import { solveScenario } from './simulate.js';

interface Case {
  file: string;
  start: string;
  days: number;
  /** Built to overload: without control a breaker trips in this window. */
  overloads: boolean;
  /** The capacity-tariff scenario: the 15-minute peak is compared with the optimum's. */
  capacityTariff?: boolean;
}

const CASES: Case[] = [
  { file: '1-home-1x35.yaml', start: '2026-01-13T17:00', days: 0.25, overloads: true },
  { file: '2-villa-3x25.yaml', start: '2026-01-19T17:00', days: 0.25, overloads: true },
  { file: '3-solar-home.yaml', start: '2026-06-13T10:00', days: 0.5, overloads: false },
  { file: '4-company-plaza.yaml', start: '2026-03-09T15:00', days: 0.25, overloads: true },
  { file: '5-production-hall.yaml', start: '2026-02-02T06:00', days: 0.25, overloads: true },
  {
    file: '6-belgian-it-home.yaml',
    start: '2026-02-04T18:00',
    days: 0.5,
    overloads: false,
    capacityTariff: true,
  },
];

const SCENARIOS = new URL('../../scenarios/', import.meta.url);

for (const c of CASES) {
  describe(`scorecard: ${c.file} from ${c.start} for ${c.days * 24} h`, () => {
    let scenario: Scenario;
    let ampshare: SimRun;
    let optimum: OptimumResult | null = null;
    before(async () => {
      scenario = loadScenario(new URL(c.file, SCENARIOS).pathname);
      // With the optimum the sessions carry its delivery, for the messages.
      optimum = await solveScenario(scenario, { start: c.start, days: c.days });
      ampshare = runScenario(scenario, { policy: 'ampshare', start: c.start, days: c.days, optimum });
    });

    it('ampshare: no breaker trips, every telegram decoded', () => {
      assert.equal(ampshare.kpis.trips, 0, JSON.stringify(ampshare.trips));
      assert.equal(ampshare.kpis.telegramErrors, 0);
      assert.equal(ampshare.kpis.telegrams, ampshare.kpis.simulatedSeconds);
    });

    if (c.overloads) {
      it('uncontrolled: a breaker trips', () => {
        const run = runScenario(scenario, { policy: 'uncontrolled', start: c.start, days: c.days });
        assert.ok(run.kpis.trips > 0, `no trip; highest line current ${run.kpis.maxPhaseCurrentA} A`);
      });
    }

    describe('against the optimum', () => {
      it('ampshare delivers at least 98 % of the optimum’s EV energy', () => {
        assert.ok(optimum);
        const share = optimum.evDeliveredKWh > 0 ? ampshare.kpis.evDeliveredKWh / optimum.evDeliveredKWh : 1;
        const short = ampshare.sessions
          .filter((s) => s.optimumKWh !== null && s.deliveredKWh < s.optimumKWh - 0.1)
          .map(
            (s) =>
              `${s.deviceId} ${s.deliveredKWh}/${s.optimumKWh} kWh${s.asleep ? ' (fell asleep, never woke)' : ''}`,
          );
        assert.ok(
          share >= 0.98,
          `ampshare ${ampshare.kpis.evDeliveredKWh} kWh, optimum ${optimum.evDeliveredKWh.toFixed(3)} kWh ` +
            `(${(share * 100).toFixed(1)} %); short: ${short.join(', ') || 'none by more than 0.1 kWh'}`,
        );
      });

      if (c.capacityTariff) {
        it('ampshare’s highest quarter hour is at most 1.05 × the optimum’s', () => {
          assert.ok(optimum);
          assert.ok(
            ampshare.kpis.peak15mW <= 1.05 * optimum.peak15mW,
            `ampshare ${ampshare.kpis.peak15mW} W, optimum ${optimum.peak15mW.toFixed(1)} W`,
          );
        });
      }
    });
  });
}
