// A large site's memories live in columns (memory-table.ts), a small site's in objects. The same
// random runs go through both, in lockstep, on copies of one configuration: every decision,
// circuit, summary, warning and every state (as JSON) must be the same. And the columnar states
// keep the state contract: never written after their cycle, JSON round trip, a foreign record.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { allocate, type AllocationResult } from './allocate.js';
import { MEMORY_FIELDS, memoryTable, MemoryRow, readRow, writeRow } from './memory-table.js';
import { COLUMNS } from './session.js';
import { emptyState, freshMemory, type AllocatorState, type DeviceMemory } from './state.js';
import { buildTopology, type Topology } from './topology.js';
import { allocatorRunArb, RunPhysics } from './test-support/cycle-arbitraries.js';
import { homeInputs, homeSite } from '../../bench/allocate-sites.js';

const DEFAULT_FROM = COLUMNS.fromDevices;
after(() => {
  COLUMNS.fromDevices = DEFAULT_FROM;
});

/** A topology of its own (a copy of the configuration), in columns or in objects. */
function topologyIn(site: Parameters<typeof buildTopology>[0], columns: boolean): Topology {
  COLUMNS.fromDevices = columns ? 0 : Infinity;
  try {
    const t = buildTopology(structuredClone(site));
    allocate(t, { grid: { netCurrentA: null }, devices: {} }, emptyState(), 0); // makes its Starts now
    return t;
  } finally {
    COLUMNS.fromDevices = DEFAULT_FROM;
  }
}

describe('memories in columns', () => {
  it('a cursor reads and writes every field in its own column of its own row', () => {
    const table = memoryTable(3);
    const row = new MemoryRow(table, 1);
    const m: DeviceMemory = {
      connected: true,
      energyKWh: 1.5,
      setpointA: 2.5,
      rampA: 3.5,
      raiseSinceMs: 4e12,
      onSinceMs: 5e12,
      offSinceMs: 6e12,
      pauseStreak: 7,
      dropFromA: 8.5,
      dropSinceMs: 9e12,
      dropStreak: 10,
      waitingSinceMs: 11e12,
      solarActive: true,
      solarSinceMs: 13e12,
      unusedSinceMs: 14e12,
      unusedCapA: 15.5,
      phaseCount: 1,
      switches: 17,
      switchPauseUntilMs: 18e12,
      switchSinceMs: 19e12,
    };
    for (const key of Object.keys(m) as (keyof DeviceMemory)[])
      (row as unknown as Record<string, unknown>)[key] = m[key];
    assert.deepStrictEqual(readRow(table.work, 1), m);
    const nulls: DeviceMemory = { ...freshMemory(false, 0, 3), energyKWh: 0.25, switches: 1 };
    writeRow(table.work, 1, nulls);
    for (const key of Object.keys(nulls) as (keyof DeviceMemory)[])
      assert.strictEqual(row[key], nulls[key], key);
    // Rows 0 and 2 were not touched.
    const width = table.work.length / 3;
    assert.ok(table.work.subarray(0, width).every((v) => v === 0));
    assert.ok(table.work.subarray(2 * width).every((v) => v === 0));
  });

  it('a cycle that throws half-way leaves no trace: the same state next gives what a fresh topology gives', () => {
    const site = homeSite(100);
    const t = buildTopology(site);
    let state: AllocatorState = emptyState();
    let nowMs = Date.parse('2026-12-07T18:00:00+01:00');
    for (let c = 0; c < 5; c++) state = allocate(t, homeInputs(t, c), state, (nowMs += 1000)).state;
    // A NaN meter reading throws in the solver's input, after every device's row was written.
    const bad = homeInputs(t, 5);
    bad.grid.netCurrentA = [NaN, NaN, NaN];
    assert.throws(() => allocate(t, bad, state, nowMs + 1000), /capacity is NaN/);
    const fresh = buildTopology(structuredClone(site));
    const copy = JSON.parse(JSON.stringify(state)) as AllocatorState;
    const next = allocate(t, homeInputs(t, 5), state, nowMs + 1000);
    const expected = allocate(fresh, homeInputs(fresh, 5), copy, nowMs + 1000);
    assert.deepStrictEqual(next.devices, expected.devices);
    assert.strictEqual(JSON.stringify(next.state), JSON.stringify(expected.state));
  });

  it('a row holds every field exactly, nulls and booleans included', () => {
    const data = new Float64Array(2 * MEMORY_FIELDS);
    const m: DeviceMemory = {
      ...freshMemory(true, 7.5, 1),
      energyKWh: 1 / 3,
      raiseSinceMs: -0,
      offSinceMs: 1.7e12,
      pauseStreak: 4,
      dropFromA: 16,
      solarActive: false,
      unusedCapA: 0,
      switches: 2,
      switchSinceMs: null,
    };
    writeRow(data, 1, m);
    assert.deepStrictEqual(readRow(data, 1), m);
    assert.ok(Object.is(readRow(data, 1).raiseSinceMs, -0));
    // Row 0 was not touched.
    assert.ok(data.subarray(0, MEMORY_FIELDS).every((v) => v === 0));
  });

  it('gives the same decisions and states as the objects, cycle by cycle, over random runs', () => {
    fc.assert(
      fc.property(allocatorRunArb, (run) => {
        const objects = topologyIn(run.site, false);
        const columns = topologyIn(run.site, true);
        const physics = new RunPhysics(run);
        let a: AllocatorState = emptyState();
        let b: AllocatorState = emptyState();
        // Every other cycle's columns result is first read after the next cycle has run: its
        // decisions and warnings are its own cycle's still (made when read, from its own columns).
        let pending: { k: number; ra: AllocationResult; rb: AllocationResult } | null = null;
        const compare = (k: number, ra: AllocationResult, rb: AllocationResult) => {
          const { state: sa, decisionTable: ta, ...outA } = ra;
          const { state: sb, decisionTable: tb, ...outB } = rb;
          assert.deepStrictEqual(outB, outA, `cycle ${k}`);
          assert.strictEqual(JSON.stringify(sb), JSON.stringify(sa), `cycle ${k}: state`);
          assert.strictEqual(ta, null);
          // A fail-safe cycle (stale meter) makes its few objects at once, columns or not.
          if (rb.summary.failsafe) return assert.strictEqual(tb, null);
          assert.ok(tb !== null && tb.length === ra.devices.length);
          ra.devices.forEach((d, i) => {
            assert.deepStrictEqual(tb.at(i), d, `cycle ${k}: table row ${i}`);
            assert.strictEqual(tb.setpointAt(i), d.setpointA);
            assert.strictEqual(tb.reasonAt(i), d.reason);
          });
        };
        for (const [k, step] of run.steps.entries()) {
          const inputs = physics.inputs(step);
          const ra = allocate(objects, inputs, a, physics.nowMs);
          const rb = allocate(columns, inputs, b, physics.nowMs);
          if (pending) compare(pending.k, pending.ra, pending.rb);
          pending = null;
          if (k % 2 === 0) pending = { k, ra, rb };
          else compare(k, ra, rb);
          physics.follow(ra.devices);
          a = step.viaJson ? (JSON.parse(JSON.stringify(ra.state)) as AllocatorState) : ra.state;
          b = step.viaJson ? (JSON.parse(JSON.stringify(rb.state)) as AllocatorState) : rb.state;
        }
        if (pending) compare(pending.k, pending.ra, pending.rb);
      }),
      { numRuns: 150 },
    );
  });

  it('never writes a state after its cycle: the same state twice gives the same cycle, also through JSON', () => {
    fc.assert(
      fc.property(allocatorRunArb, (run) => {
        const t = topologyIn(run.site, true);
        const physics = new RunPhysics(run);
        let state: AllocatorState = emptyState();
        for (const [k, step] of run.steps.entries()) {
          const inputs = physics.inputs(step);
          const first = allocate(t, inputs, state, physics.nowMs);
          // Run again from the same state before anyone reads its record: a write to the state's
          // array by the first call would show here.
          const again = allocate(t, inputs, state, physics.nowMs);
          assert.deepStrictEqual(again.devices, first.devices, `cycle ${k}`);
          assert.strictEqual(JSON.stringify(again.state), JSON.stringify(first.state), `cycle ${k}`);
          const viaJson = JSON.parse(JSON.stringify(state)) as AllocatorState;
          assert.deepStrictEqual(
            allocate(t, inputs, viaJson, physics.nowMs).devices,
            first.devices,
            `cycle ${k}`,
          );
          physics.follow(first.devices);
          state = first.state;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is what a 100-device site uses by default, and its record reads like the objects', () => {
    const site = homeSite(100);
    const columns = buildTopology(site);
    const objects = topologyIn(site, false);
    let a: AllocatorState = emptyState();
    let b: AllocatorState = emptyState();
    let nowMs = Date.parse('2026-12-07T18:00:00+01:00');
    for (let c = 0; c < 30; c++) {
      nowMs += 1000;
      const ra = allocate(objects, homeInputs(objects, c), a, nowMs);
      const rb = allocate(columns, homeInputs(columns, c), b, nowMs);
      assert.deepStrictEqual(rb.devices, ra.devices, `cycle ${c}`);
      a = ra.state;
      b = rb.state;
    }
    assert.deepStrictEqual(b.devices, a.devices);
    // Plain objects, not the cycle's cursors: reading one later gives the value of its own cycle.
    const record = b.devices;
    const someId = Object.keys(record)[7]!;
    assert.strictEqual(Object.getPrototypeOf(record[someId]), Object.prototype);
    assert.ok(
      Object.values(record).some((m) => m.energyKWh > 0),
      'energy was integrated',
    );
    const energy = record[someId]!.energyKWh;
    allocate(columns, homeInputs(columns, 31), b, nowMs + 1000);
    assert.strictEqual(b.devices[someId]!.energyKWh, energy);
  });
});
