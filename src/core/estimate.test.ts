// A device's draw from its gathered input (gatherInputs → drawInto) against the rule read straight
// off the input object: min(commanded, measured) per phase, one value for every phase, values that
// are not finite numbers ignored, a disconnected device at 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSiteConfig } from '../site/load.js';
import { buildTopology } from './topology.js';
import { drawInto, gatherInputs, hasMeasured, inputColumns, wiringColumns } from './estimate.js';
import type { DeviceInput } from './inputs.js';

const config = parseSiteConfig(
  `site: { phases: 3, fuseA: 25 }
devices:
  - { id: car, kind: charger, phases: [L2, L3, L1], minA: 6, maxA: 16, phaseSwitching: {} }
  - { id: pump, kind: charger, phases: [L3], minA: 6, maxA: 16 }
  - { id: idle, kind: charger, phases: [L1, L2, L3], minA: 6, maxA: 16 }
`,
  'estimate.test.yaml',
);
const topology = buildTopology(config);
const ids = topology.devices.map((d) => d.id);

function columns() {
  const n = topology.devices.length;
  return {
    ...wiringColumns(topology),
    ...inputColumns(n),
    estimateA: new Float64Array(3 * n),
    estimateW: new Float64Array(n),
    drawingA: new Float64Array(n),
  };
}

/** The rule on the input object itself: estimate per site phase and the largest measured current. */
function reference(
  input: DeviceInput | undefined,
  configured: readonly number[],
  drawn: readonly number[],
  commandedA: number,
): { estimateA: number[]; drawingA: number } {
  const estimateA = [0, 0, 0];
  if (input?.connected === false) return { estimateA, drawingA: NaN };
  const values = input?.measuredA;
  const measured = values && values.length > 0 ? [0, 0, 0] : null;
  if (measured) {
    configured.forEach((p, k) => {
      const v = values!.length === 1 ? values![0] : values![k];
      if (typeof v === 'number' && Number.isFinite(v)) measured[p] = Math.max(0, v);
    });
  }
  let drawingA = NaN;
  drawn.forEach((p, k) => {
    const m = measured ? measured[p]! : commandedA;
    estimateA[p] = Math.min(commandedA, m);
    if (measured) drawingA = Math.max(k === 0 ? 0 : drawingA, m);
  });
  return { estimateA, drawingA };
}

// What JSON or a careless caller can put in measuredA besides numbers counts as not measured.
const notNumbers = [null, '7', undefined] as unknown as number[];
const valueArb = fc.oneof(
  fc.double({ min: -5, max: 40, noNaN: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0),
  fc.constantFrom(...notNumbers),
);
const inputArb: fc.Arbitrary<DeviceInput | undefined> = fc.option(
  fc.record(
    {
      connected: fc.boolean(),
      measuredA: fc.array(valueArb, { minLength: 0, maxLength: 5 }),
      energyKWh: fc.double({ min: 0, max: 80, noNaN: true }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('gatherInputs and drawInto', () => {
  it('estimate the draw as the rule does on the input objects (random inputs, 3- and 1-phase wirings)', () => {
    fc.assert(
      fc.property(
        fc.array(inputArb, { minLength: 3, maxLength: 3 }),
        fc.boolean(),
        fc.double({ min: 0, max: 32, noNaN: true }),
        (given, one, commandedA) => {
          const out = columns();
          const devices: Record<string, DeviceInput> = {};
          given.forEach((input, i) => {
            if (input !== undefined) devices[ids[i]!] = input;
          });
          const known = gatherInputs(out, ids, devices);
          assert.equal(known, given.filter((x) => x !== undefined).length);
          topology.devices.forEach((d, i) => {
            const input = given[i];
            assert.equal(out.inConnected[i], input?.connected === false ? 0 : 1);
            assert.equal(out.hasEnergy[i], input?.energyKWh !== undefined ? 1 : 0);
            if (input?.energyKWh !== undefined) assert.equal(out.inEnergyKWh[i], input.energyKWh);
            const single = one && d.singlePhase !== undefined;
            drawInto(out, i, single, commandedA);
            const drawn = (single ? d.singlePhase! : d.wiring).sitePhases;
            const want = reference(input, d.wiring.sitePhases, drawn, commandedA);
            assert.deepEqual(Array.from(out.estimateA.subarray(3 * i, 3 * i + 3)), want.estimateA);
            assert.ok(
              Object.is(out.drawingA[i], want.drawingA),
              `drawingA ${out.drawingA[i]} ≠ ${want.drawingA}`,
            );
            const wantMeasured = input?.connected !== false && (input?.measuredA?.length ?? 0) > 0;
            assert.equal(hasMeasured(), wantMeasured);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads one value for every phase, and a missing third value as not measured', () => {
    const out = columns();
    gatherInputs(out, ids, {
      car: { measuredA: [7.5] },
      pump: { measuredA: [3, 9] },
      idle: { measuredA: [4, 5] },
    });
    drawInto(out, 0, false, 16);
    assert.deepEqual(Array.from(out.estimateA.subarray(0, 3)), [7.5, 7.5, 7.5]);
    drawInto(out, 1, false, 16);
    assert.deepEqual(
      Array.from(out.estimateA.subarray(3, 6)),
      [0, 0, 3],
      'a 1-phase device reads its first value',
    );
    drawInto(out, 2, false, 16);
    assert.deepEqual(Array.from(out.estimateA.subarray(6, 9)), [4, 5, 0], 'L3 reported nothing: 0');
    assert.equal(out.drawingA[2], 5);
  });

  it('refills every column of a device whose entry went away (nothing of last cycle stays)', () => {
    const out = columns();
    gatherInputs(out, ids, { car: { connected: false, measuredA: [9, 9, 9], energyKWh: 3 } });
    assert.ok(
      out.found.every((x) => x === undefined),
      'keeps no input object once done',
    );
    assert.equal(gatherInputs(out, ids, {}), 0);
    assert.deepEqual(
      [out.hasInput[0], out.inConnected[0], out.measuredCount[0], out.hasEnergy[0]],
      [0, 1, 0, 0],
    );
    drawInto(out, 0, false, 10);
    assert.deepEqual(Array.from(out.estimateA.subarray(0, 3)), [10, 10, 10], 'commanded when unmeasured');
    assert.ok(Number.isNaN(out.drawingA[0]!));
  });
});
