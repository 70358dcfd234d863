import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configuredRequest, powerLine, solverProblem, SolverSetupError } from './solver-input.js';
import { aBattery, aCharger, aCircuit, aSite, aStepped, aSwitch } from './test-support/builders.js';
import { ampsToW, buildTopology, TopologyError, wattsToA } from './topology.js';

const labels = (t: ReturnType<typeof buildTopology>, loads: { line: number }[]) =>
  loads.map((l) => t.lines[l.line]!.label);

describe('buildTopology', () => {
  it('orders circuits parent before child, with each circuit’s path up to main', () => {
    const t = buildTopology(
      aSite({
        circuits: [
          aCircuit({ id: 'charger2', parent: 'garage' }),
          aCircuit({ id: 'garage', fuseA: 32 }),
          aCircuit({ id: 'kitchen', fuseA: 20, marginA: 0.5 }),
        ],
      }),
    );
    assert.deepEqual(
      t.circuits.map((c) => c.id),
      ['main', 'garage', 'kitchen', 'charger2'],
    );
    assert.deepEqual(t.circuits[3]!.path, [3, 1, 0]);
    assert.equal(t.circuits[2]!.marginA, 0.5);
    assert.equal(t.circuits[1]!.marginA, 1, 'the site margin by default');
    assert.equal(t.circuits[0]!.metered, true);
  });

  it('has a line per circuit and phase, labelled for reasons', () => {
    const t = buildTopology(aSite({ circuits: [aCircuit({ id: 'garage' })] }));
    assert.deepEqual(
      t.lines.map((l) => l.label),
      ['main L1', 'main L2', 'main L3', 'garage L1', 'garage L2', 'garage L3'],
    );
    assert.equal(t.lineIndex('garage', 'L3'), 5);
    assert.equal(t.neutralLine, null);
    assert.throws(() => t.lineIndex('attic', 'L1'), TopologyError);
  });

  it('a 1-phase site has L1 only', () => {
    const t = buildTopology(aSite({ site: { phases: 1 }, devices: [aCharger({ phases: ['L1'] })] }));
    assert.deepEqual(
      t.lines.map((l) => l.label),
      ['main L1'],
    );
    assert.throws(() => t.lineIndex('main', 'L2'), /1-phase site/);
  });

  it('adds the neutral line on a tn 3-phase site with neutralA', () => {
    const t = buildTopology(aSite({ site: { neutralA: 25 } }));
    assert.equal(t.neutralLine, 3);
    assert.equal(t.lines[3]!.label, 'neutral');
  });

  it('a device loads its circuit and every circuit above it, on its rotated phases', () => {
    const t = buildTopology(
      aSite({
        circuits: [aCircuit({ id: 'garage', fuseA: 20 })],
        devices: [aCharger({ id: 'car', circuit: 'garage', phases: ['L2', 'L3', 'L1'] })],
      }),
    );
    const car = t.devices[0]!;
    assert.deepEqual(car.wiring.sitePhases, [1, 2, 0]);
    assert.deepEqual(labels(t, car.wiring.loads), [
      'garage L2',
      'garage L3',
      'garage L1',
      'main L2',
      'main L3',
      'main L1',
    ]);
    assert.deepEqual(car.wiring.phaseA, [1, 1, 1]);
    assert.equal(car.wiring.wattsPerA, 690);
    assert.equal(t.deviceIndex('car'), 0);
  });

  it('a 1-phase device on tn loads one line; its neutral coefficient is that phase', () => {
    const t = buildTopology(aSite({ devices: [aCharger({ phases: ['L2'] })] }));
    assert.deepEqual(labels(t, t.devices[0]!.wiring.loads), ['main L2']);
    assert.deepEqual(t.devices[0]!.wiring.phaseA, [0, 1, 0]);
    assert.equal(t.devices[0]!.wiring.wattsPerA, 230);
  });

  it('it network: a 1-phase device sits between two lines and its current flows in both', () => {
    const t = buildTopology(
      aSite({
        site: { network: 'it' },
        devices: [aCharger({ phases: ['L1', 'L2'], maxA: 32 }), aCharger({ phases: ['L3', 'L1', 'L2'] })],
      }),
    );
    const [one, three] = t.devices;
    assert.deepEqual(labels(t, one!.wiring.loads), ['main L1', 'main L2']);
    assert.equal(one!.wiring.wattsPerA, 230, 'P = V·I with V between lines');
    assert.equal(one!.wiring.phaseA, undefined, 'no neutral on it');
    assert.ok(Math.abs(three!.wiring.wattsPerA - Math.sqrt(3) * 230) < 1e-9, 'P = √3·V·I');
  });

  it('converts stepped and switch powers into per-phase levels, batteries into a charge range', () => {
    const t = buildTopology(
      aSite({
        devices: [
          aStepped({ phases: ['L1', 'L2', 'L3'], stepsW: [6900, 0, 2070, 2070] }),
          aSwitch({ phases: ['L3'], powerW: 2300 }),
          aBattery({ maxChargeW: 6900 }),
        ],
      }),
    );
    assert.deepEqual(t.devices[0]!.wiring.range, { minA: 3, maxA: 10, stepA: 0, levelsA: [3, 10] });
    assert.deepEqual(t.devices[1]!.wiring.range, { minA: 10, maxA: 10, stepA: 0, levelsA: [10] });
    assert.deepEqual(t.devices[2]!.wiring.range, { minA: 0, maxA: 10, stepA: 0 });
    assert.equal(wattsToA(t.devices[1]!.wiring, 1150), 5);
    assert.equal(ampsToW(t.devices[0]!.wiring, 10), 6900);
  });

  it('a phase-switching charger also has its 1-phase wiring on its first phase', () => {
    const t = buildTopology(
      aSite({ devices: [aCharger({ phases: ['L3', 'L1', 'L2'], phaseSwitching: {} })] }),
    );
    const single = t.devices[0]!.singlePhase!;
    assert.deepEqual(labels(t, single.loads), ['main L3']);
    assert.equal(single.wattsPerA, 230);
    assert.deepEqual(single.range, { minA: 6, maxA: 16, stepA: 1 });
  });
});

describe('solverProblem', () => {
  const site = aSite({
    site: { neutralA: 32 },
    circuits: [aCircuit({ id: 'garage', fuseA: 20 })],
    devices: [
      aCharger({ id: 'car', circuit: 'garage', phaseSwitching: {} }),
      aSwitch({ id: 'boiler', phases: ['L2'] }),
    ],
  });
  const t = buildTopology(site);
  const requests = t.devices.map((_, i) => configuredRequest(t, i));
  const capacityA = t.lines.map((l) => (l.label === 'neutral' ? 31 : 10));

  it('aligns lines and devices with the topology and appends budgets', () => {
    const budget = powerLine(t, { devices: requests }, 'quarter-hour budget', 4600, () => true);
    const p = solverProblem(t, {
      capacityA,
      devices: requests,
      extraLines: [budget],
      neutralBaseA: [1, 2, 3],
    });
    assert.equal(p.lines.length, t.lines.length + 1);
    assert.deepEqual(p.lines.at(-1), { label: 'quarter-hour budget', capacityA: 20 });
    assert.deepEqual(p.devices[0]!.loads.at(-1), { line: t.lines.length, coefficient: 3 });
    assert.deepEqual(p.devices[1]!.loads.at(-1), { line: t.lines.length, coefficient: 1 });
    assert.deepEqual(p.neutral, { line: t.neutralLine, baseA: [1, 2, 3] });
    assert.deepEqual(p.devices[1]!.levelsA, [2000 / 230]);
  });

  it('uses the 1-phase wiring of a switched charger', () => {
    const one = requests.map((r, i) => (i === 0 ? { ...r, onePhase: true } : r));
    const p = solverProblem(t, { capacityA, devices: one, neutralBaseA: [0, 0, 0] });
    assert.deepEqual(labels(t, p.devices[0]!.loads), ['garage L1', 'main L1']);
    assert.deepEqual(p.devices[0]!.phaseA, [1, 0, 0]);
  });

  it('refuses misaligned input', () => {
    assert.throws(() => solverProblem(t, { capacityA: [1], devices: requests }), SolverSetupError);
    assert.throws(() => solverProblem(t, { capacityA, devices: requests }), /neutralBaseA/);
  });
});
