// The allocator's speed work must not change a single decision: allocate() against the
// implementation it replaced (test-support/reference/, a verbatim copy of src/core before the
// speed round), cycle by cycle over random runs and over the benchmark's sites. Every result is
// deep-equal: setpoints, targets, reasons, circuits, summary, warnings and the next state. Inputs
// and states handed to allocate() are frozen, so any write to them throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hardInputs, hardSite, homeInputs, homeSite } from '../../bench/allocate-sites.js';
import { allocate } from './allocate.js';
import type { AllocatorInputs } from './inputs.js';
import { emptyState, type AllocatorState } from './state.js';
import { allocatorRunArb, RunPhysics } from './test-support/cycle-arbitraries.js';
import { allocate as reference } from './test-support/reference/allocate.js';
import { buildTopology } from './topology.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('allocate() against the reference implementation', () => {
  it('gives deep-equal results cycle by cycle on random runs (every kind, mode, budget and clock)', () => {
    fc.assert(
      fc.property(allocatorRunArb, (run) => {
        const physics = new RunPhysics(run);
        let mine: AllocatorState = emptyState();
        let theirs: AllocatorState = emptyState();
        for (const [k, step] of run.steps.entries()) {
          const inputs = deepFreeze(physics.inputs(step));
          const expected = reference(run.site, inputs, theirs, physics.nowMs);
          const got = allocate(run.site, inputs, deepFreeze(mine), physics.nowMs);
          assert.deepStrictEqual(got, expected, `cycle ${k}`);
          physics.follow(expected.devices);
          theirs = expected.state;
          mine = got.state;
          if (step.viaJson) {
            theirs = JSON.parse(JSON.stringify(theirs)) as AllocatorState;
            mine = JSON.parse(JSON.stringify(mine)) as AllocatorState;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  for (const [name, site, inputs] of [
    ['hard', hardSite, hardInputs],
    ['home', homeSite, homeInputs],
  ] as const) {
    it(`gives deep-equal results on the benchmark's ${name} site (300 devices, 40 cycles)`, () => {
      const config = site(300);
      const topology = buildTopology(config);
      let mine: AllocatorState = emptyState();
      let theirs: AllocatorState = emptyState();
      let nowMs = Date.parse('2026-11-24T18:00:00+01:00');
      for (let cycle = 0; cycle < 40; cycle++) {
        const given: AllocatorInputs = deepFreeze(inputs(topology, cycle));
        nowMs += 1000;
        const expected = reference(config, given, theirs, nowMs);
        const got = allocate(topology, given, deepFreeze(mine), nowMs);
        assert.deepStrictEqual(got, expected, `cycle ${cycle}`);
        theirs = expected.state;
        mine = got.state;
      }
    });
  }
});
