import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PhaseValues } from '../model/units.js';
import type { SiteConfig } from '../site/schema.js';
import { configuredRequest, solverProblem, type DeviceRequest } from './solver-input.js';
import type { SolverAllocation, SolverProblem } from './solver-types.js';
import { neutralCurrentA, neutralReach } from './neutral.js';
import { solve, SolverInputError } from './solver.js';
import { aCharger, aCircuit, aLine, aSite, aSolverDevice, aStepped } from './test-support/builders.js';
import { buildTopology } from './topology.js';

/** Solves a site with per-circuit base loads: capacity = fuse − margin − base on every line. */
function solveSite(
  site: SiteConfig,
  baseA: Record<string, PhaseValues> = {},
  tweak: (request: DeviceRequest, id: string) => DeviceRequest = (r) => r,
  neutralBaseA: PhaseValues = [0, 0, 0],
) {
  const t = buildTopology(site);
  const capacityA = t.lines.map((l) => {
    if (l.phase === null) return (site.site.neutralA ?? 0) - site.site.marginA;
    const c = t.circuits[l.circuit]!;
    return c.fuseA - c.marginA - (baseA[c.id]?.[l.phase] ?? 0);
  });
  const devices = t.devices.map((d, i) => tweak(configuredRequest(t, i), d.id));
  const result = solve(solverProblem(t, { capacityA, devices, neutralBaseA }));
  const byId = (id: string) => result.currentA[t.deviceIndex(id)];
  const binding = (id: string) => {
    const line = result.bindingLine[t.deviceIndex(id)];
    return line === null || line === undefined ? null : (t.lines[line]?.label ?? 'budget');
  };
  return { result, byId, binding };
}

const only = (lines: number[], devices: SolverProblem['devices']): SolverAllocation =>
  solve({ lines: lines.map((c) => aLine(c)), devices });

describe('solver: the classics', () => {
  it('two cars on one 16 A budget get 8 A each', () => {
    const r = only([16], [aSolverDevice({ id: 'a' }), aSolverDevice({ id: 'b' })]);
    assert.deepEqual(r.currentA, [8, 8]);
    assert.deepEqual(r.bindingLine, [0, 0]);
    assert.deepEqual(r.usedA, [16]);
  });

  it('a 1-phase car on L2 is limited by L2 alone', () => {
    const site = aSite({ devices: [aCharger({ id: 'car', phases: ['L2'], maxA: 32 })] });
    const { byId, binding } = solveSite(site, { main: [22, 15, 2] });
    assert.equal(byId('car'), 9);
    assert.equal(binding('car'), 'main L2');
  });

  it('a 3-phase car is limited by its most loaded phase', () => {
    const site = aSite({ devices: [aCharger({ id: 'car', phases: ['L2', 'L3', 'L1'] })] });
    const { byId, binding } = solveSite(site, { main: [5, 13.5, 2] });
    assert.equal(byId('car'), 10, '25 − 1 − 13.5 = 10.5, rounded down to 10');
    assert.equal(binding('car'), 'main L2');
  });

  it('it network: a 1-phase device loads both of its lines', () => {
    const site = aSite({
      site: { network: 'it' },
      devices: [aCharger({ id: 'car', phases: ['L1', 'L3'], maxA: 32 })],
    });
    const { byId, binding, result } = solveSite(site, { main: [10, 0, 14] });
    assert.equal(byId('car'), 10);
    assert.equal(binding('car'), 'main L3');
    assert.deepEqual(result.usedA, [10, 0, 10]);
  });

  it('a priority-2 car is served before a priority-1 car, after both minimums', () => {
    const site = aSite({
      devices: [aCharger({ id: 'low', priority: 1 }), aCharger({ id: 'high', priority: 2 })],
    });
    const { byId, binding } = solveSite(site, { main: [4, 4, 4] });
    assert.equal(byId('low'), 6, 'its minimum first');
    assert.equal(byId('high'), 14, '25 − 1 − 4 − 6');
    assert.equal(binding('low'), 'main L1');
  });

  it('a shortage sheds the device with the highest shedRank', () => {
    const r = only(
      [17],
      [
        aSolverDevice({ id: 'a', shedRank: 5 }),
        aSolverDevice({ id: 'b', shedRank: 1 }),
        aSolverDevice({ id: 'c', shedRank: 2 }),
      ],
    );
    assert.deepEqual(r.currentA, [0, 9, 8]);
    assert.deepEqual(r.shed, [true, false, false]);
    assert.equal(r.bindingLine[0], 0);
  });

  it('a shortage sheds the lowest priority first, whatever its shedRank', () => {
    const r = only([11], [aSolverDevice({ id: 'a', priority: 1 }), aSolverDevice({ id: 'b', shedRank: -9 })]);
    assert.deepEqual(r.currentA, [11, 0]);
    assert.deepEqual(r.shed, [false, true]);
  });
});

describe('solver: rules', () => {
  it('priority matters only where constraints are shared: a lower class runs on another circuit', () => {
    const site = aSite({
      circuits: [aCircuit({ id: 'a', fuseA: 10 }), aCircuit({ id: 'b', fuseA: 16 })],
      devices: [
        aCharger({ id: 'high1', circuit: 'a', priority: 2, phases: ['L1'] }),
        aCharger({ id: 'high2', circuit: 'a', priority: 2, phases: ['L1'] }),
        aCharger({ id: 'low', circuit: 'b', priority: 0, phases: ['L1'] }),
      ],
    });
    const { byId, result } = solveSite(site);
    assert.equal(byId('low'), 15);
    assert.equal(byId('high1') === 0 || byId('high2') === 0, true, 'a: 9 A fits one minimum only');
    assert.deepEqual(result.shed, [false, true, false]);
  });

  it('takes steps as the water level reaches them, ties in id order', () => {
    const three = ['c', 'a', 'b'].map((id) => aSolverDevice({ id }));
    assert.deepEqual(only([20], three).currentA, [6, 7, 7]);
    const tenths = ['a', 'b', 'c'].map((id) => aSolverDevice({ id, stepA: 0.1 }));
    assert.deepEqual(only([20], tenths).currentA, [6.7, 6.7, 6.6]);
  });

  it('a stepped device gets 0 or one of its levels; what it cannot use goes to others', () => {
    const r = only(
      [20],
      [aSolverDevice({ id: 'hp', minA: 4, maxA: 12, levelsA: [4, 8, 12] }), aSolverDevice({ id: 'car' })],
    );
    assert.deepEqual(r.currentA, [8, 12]);
  });

  it('a continuous device (a battery) takes what steps leave', () => {
    const r = only(
      [21.5],
      [aSolverDevice({ id: 'bat', minA: 0, maxA: 20, stepA: 0 }), aSolverDevice({ id: 'car' })],
    );
    assert.deepEqual(r.currentA, [11.5, 10]);
  });

  it('a device whose minimum is above the level keeps its minimum', () => {
    const r = only([30], [aSolverDevice({ id: 'big', minA: 16, maxA: 32 }), aSolverDevice({ id: 'small' })]);
    assert.deepEqual(r.currentA, [16, 14]);
  });

  it('gives a device at its maximum no binding line', () => {
    const r = only([40], [aSolverDevice({ id: 'a' }), aSolverDevice({ id: 'b', forcedOff: true })]);
    assert.deepEqual(r.currentA, [16, 0]);
    assert.deepEqual(r.bindingLine, [null, null]);
    assert.deepEqual(r.shed, [false, false]);
  });

  it('with a line over even at 0, every device gets 0 and is told which line', () => {
    const site = aSite({
      circuits: [aCircuit({ id: 'garage', fuseA: 16 })],
      devices: [aCharger({ id: 'car', circuit: 'garage' }), aCharger({ id: 'other' })],
    });
    const { result, binding } = solveSite(site, { main: [3, 3, 3], garage: [2, 17, 2] });
    assert.deepEqual(result.currentA, [0, 0]);
    assert.equal(binding('car'), 'garage L2');
    assert.equal(binding('other'), 'garage L2', 'the first overloaded line when it loads none');
    assert.deepEqual(result.infeasibleLines, [4]);
    assert.deepEqual(result.shed, [true, true]);
  });

  it('the answer does not depend on the order of the devices', () => {
    const devices = ['d', 'b', 'a', 'c'].map((id, i) => aSolverDevice({ id, shedRank: i % 2 }));
    const forward = only([27], devices);
    const backward = only([27], [...devices].reverse());
    assert.deepEqual(forward.currentA, [...backward.currentA].reverse());
  });

  it('takes the ids’ order from the topology, checked, or sorts them itself', () => {
    const devices = ['b', 'c', 'a'].map((id) => aSolverDevice({ id }));
    const lines = [aLine(20)];
    assert.deepEqual(solve({ lines, devices, idOrder: [2, 0, 1] }), solve({ lines, devices }));
    assert.throws(() => solve({ lines, devices, idOrder: [0, 1, 2] }), /does not sort the ids/);
  });

  it('refuses malformed input with a typed error', () => {
    assert.throws(() => only([1], [aSolverDevice({ on: [3] })]), SolverInputError);
    assert.throws(() => only([1], [aSolverDevice({ id: 'x' }), aSolverDevice({ id: 'x' })]), /duplicate/);
    assert.throws(() => only([NaN], [aSolverDevice()]), /NaN/);
    assert.throws(() => only([Infinity], [aSolverDevice({ maxA: Infinity })]), /not finite/);
    assert.throws(
      () => only([1], [aSolverDevice({ loads: [{ line: 0, coefficient: -1 }] })]),
      /coefficient -1/,
    );
  });
});

describe('solver: the neutral (tn, power factor 1)', () => {
  it('is the phasor sum of the phase currents', () => {
    assert.ok(Math.abs(neutralCurrentA([16, 16, 16])) < 1e-9, 'balanced: nothing');
    assert.ok(Math.abs(neutralCurrentA([16, 0, 0]) - 16) < 1e-9, 'one phase: all of it');
    assert.ok(Math.abs(neutralCurrentA([16, 16, 0]) - 16) < 1e-9, 'two equal phases: one phase’s worth');
    assert.ok(Math.abs(neutralCurrentA([10, -10, 0]) - Math.sqrt(300)) < 1e-9, 'export enters with its sign');
    // From |6| along +1 per amp, 20 A is reached after 14 A; along a·1 (another phase) after 23.0 A.
    assert.ok(Math.abs(neutralReach(6, 0, 1, 0, 20) - 14) < 1e-9);
    assert.ok(Math.abs(neutralReach(6, 0, -0.5, Math.sqrt(3) / 2, 20) - (3 + Math.sqrt(9 + 364))) < 1e-9);
  });

  it('two 1-phase cars on L1 share a 20 A neutral', () => {
    const site = aSite({
      site: { fuseA: 40, marginA: 0, neutralA: 20 },
      devices: [aCharger({ id: 'a', phases: ['L1'] }), aCharger({ id: 'b', phases: ['L1'] })],
    });
    const { byId, binding, result } = solveSite(site);
    assert.equal(byId('a'), 10);
    assert.equal(byId('b'), 10);
    assert.equal(binding('a'), 'neutral');
    assert.ok(Math.abs(result.usedA[3]! - 20) < 1e-9);
  });

  it('a balanced 3-phase load adds nothing; a 1-phase load on another phase can relieve it', () => {
    const site = aSite({
      site: { fuseA: 40, marginA: 0, neutralA: 20 },
      devices: [aCharger({ id: 'three', maxA: 32 }), aCharger({ id: 'l2', phases: ['L2'] })],
    });
    // Base load 20 A on L1 alone: the neutral is already at its limit.
    const { byId, result } = solveSite(site, { main: [20, 0, 0] }, (r) => r, [20, 0, 0]);
    assert.equal(byId('three'), 20, 'limited by main L1 (40 − 20), not by the neutral');
    assert.equal(byId('l2'), 16, '|20 + a·16| = 18.3 A < 20 A');
    assert.ok(Math.abs(result.usedA[3]! - Math.sqrt(400 - 20 * 16 + 256)) < 1e-9);
  });

  it('a 1-phase car on the loaded phase cannot start', () => {
    const site = aSite({
      site: { fuseA: 40, marginA: 0, neutralA: 20 },
      devices: [aStepped({ id: 'boiler', phases: ['L1'], stepsW: [1380] })],
    });
    const { byId, binding, result } = solveSite(site, { main: [16, 0, 0] }, (r) => r, [16, 0, 0]);
    assert.equal(byId('boiler'), 0, '16 + 6 > 20');
    assert.equal(binding('boiler'), 'neutral');
    assert.deepEqual(result.shed, [true]);
  });
});
