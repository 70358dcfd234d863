// Circuit statuses are handed out again while their numbers stay (report.ts): each cycle's must
// equal what a topology with no history computes, and an earlier result's must never change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocate, type AllocationResult } from './allocate.js';
import type { AllocatorInputs } from './inputs.js';
import { emptyState, type AllocatorState } from './state.js';
import { buildTopology } from './topology.js';
import { homeInputs, homeSite } from '../../bench/allocate-sites.js';

describe('circuit statuses', () => {
  it('equal a fresh computation every cycle, share what stayed the same, and never change afterwards', () => {
    const site = homeSite(200);
    const topology = buildTopology(site);
    let state: AllocatorState = emptyState();
    let nowMs = Date.parse('2026-12-07T18:00:00+01:00');
    const results: { result: AllocationResult; json: string }[] = [];
    let shared = 0;
    for (let cycle = 0; cycle < 12; cycle++) {
      // Every third cycle the same inputs again; a stale meter in cycle 7 (fail-safe statuses).
      const inputs: AllocatorInputs =
        cycle === 7
          ? { grid: { netCurrentA: null }, devices: {} }
          : homeInputs(topology, cycle % 3 === 2 ? 1 : cycle);
      nowMs += 1000;
      const result = allocate(topology, inputs, state, nowMs);
      // The same cycle on a topology of its own (no statuses kept), from the same state.
      const fresh = allocate(buildTopology(structuredClone(site)), inputs, state, nowMs);
      assert.deepEqual(result.circuits, fresh.circuits, `cycle ${cycle}`);
      const previous = results.at(-1)?.result;
      if (previous && cycle !== 7 && cycle !== 8) {
        result.circuits.forEach((c, i) => {
          if (c === previous.circuits[i]) shared++;
          else if (c.availableA === previous.circuits[i]!.availableA) shared++;
        });
      }
      results.push({ result, json: JSON.stringify(result.circuits) });
      state = result.state;
    }
    for (const [cycle, { result, json }] of results.entries()) {
      assert.equal(JSON.stringify(result.circuits), json, `cycle ${cycle}'s statuses changed later`);
    }
    assert.ok(shared > 0, 'unchanged statuses or arrays are handed out again');
  });
});
