// allocate() over random multi-cycle runs (every kind, mode, budget and clock; devices follow what
// they were told one cycle later): what must hold from cycle to cycle whatever the clocks do.
// Single-cycle guarantees (limits, minimums, priority, fairness) are in allocate.property.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocate } from './allocate.js';
import { emptyState, type AllocatorState } from './state.js';
import { allocatorRunArb, RunPhysics } from './test-support/cycle-arbitraries.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('allocate() over random runs', () => {
  it('never writes to its inputs or state, and a state through JSON gives the same next cycle', () => {
    fc.assert(
      fc.property(allocatorRunArb, (run) => {
        const physics = new RunPhysics(run);
        let state: AllocatorState = emptyState();
        for (const [k, step] of run.steps.entries()) {
          // Frozen: any write to them throws (strict mode).
          const inputs = deepFreeze(physics.inputs(step));
          const result = allocate(run.site, inputs, deepFreeze(state), physics.nowMs);
          const viaJson = JSON.parse(JSON.stringify(state)) as AllocatorState;
          assert.deepStrictEqual(allocate(run.site, inputs, viaJson, physics.nowMs), result, `cycle ${k}`);
          physics.follow(result.devices);
          state = step.viaJson ? (JSON.parse(JSON.stringify(result.state)) as AllocatorState) : result.state;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fast down: a target below the last setpoint is the setpoint in the same cycle (no clock delays a cut)', () => {
    fc.assert(
      fc.property(allocatorRunArb, (run) => {
        const physics = new RunPhysics(run);
        let state: AllocatorState = emptyState();
        const last = new Map<string, number>();
        for (const [k, step] of run.steps.entries()) {
          const result = allocate(run.site, physics.inputs(step), state, physics.nowMs);
          for (const d of result.devices) {
            const before = last.get(d.id);
            if (before !== undefined && d.targetA < before - 1e-6) {
              assert.ok(
                d.setpointA <= d.targetA + 1e-6,
                `cycle ${k} ${d.id}: ${before} → ${d.setpointA} A, target ${d.targetA} A`,
              );
            }
            last.set(d.id, d.setpointA);
          }
          physics.follow(result.devices);
          state = result.state;
        }
      }),
      { numRuns: 200 },
    );
  });
});
