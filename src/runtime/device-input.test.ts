// Driver states → allocator inputs, and decisions → setpoints: the rules as tables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviceDecision } from '../core/inputs.js';
import type { DeviceState } from '../devices/driver.js';
import { setpointFor, viewDevice, withReserve } from './device-input.js';

function aState(overrides: Partial<DeviceState> = {}): DeviceState {
  return {
    connected: true,
    available: true,
    vehicleConnected: true,
    measuredA: null,
    powerW: null,
    energyKWh: null,
    soc: null,
    follows: null,
    reason: null,
    heldA: null,
    phases: ['L1', 'L2', 'L3'],
    ...overrides,
  };
}

function aDecision(overrides: Partial<DeviceDecision> = {}): DeviceDecision {
  return {
    id: 'cp1',
    targetA: 10,
    setpointA: 10,
    phases: ['L1', 'L2', 'L3'],
    powerW: 6900,
    status: 'running',
    reason: 'at maximum',
    limitedBy: null,
    ...overrides,
  };
}

describe('viewDevice', () => {
  const cases: {
    name: string;
    state: DeviceState;
    phases?: string[];
    input: object;
    controlled: boolean;
    reserve: number[];
  }[] = [
    {
      name: 'a charging station that follows: measured per device phase, in its rotation',
      state: aState({ measuredA: [7, 8, 9], follows: true, soc: 40 }),
      phases: ['L2', 'L3', 'L1'],
      input: { connected: true, measuredA: [8, 9, 7], soc: 40 },
      controlled: true,
      reserve: [0, 0, 0],
    },
    {
      name: 'no car plugged in',
      state: aState({ vehicleConnected: false }),
      input: { connected: false },
      controlled: true,
      reserve: [0, 0, 0],
    },
    {
      name: 'cannot tell whether a car is there: counted as connected',
      state: aState({ vehicleConnected: null }),
      input: { connected: true },
      controlled: true,
      reserve: [0, 0, 0],
    },
    {
      name: 'ignores its limit: not controlled, its draw is in the meter reading (base load)',
      state: aState({ measuredA: [16, 16, 16], follows: false, reason: 'draws 16 A against 6 A' }),
      input: { connected: false },
      controlled: false,
      reserve: [0, 0, 0],
    },
    {
      name: 'unreachable, holding 12 A until its profile runs out: 12 A reserved on its phases',
      state: aState({
        connected: false,
        available: false,
        heldA: 12,
        phases: ['L2'],
        reason: 'not connected',
      }),
      phases: ['L2'],
      input: { connected: false },
      controlled: false,
      reserve: [0, 12, 0],
    },
    {
      name: 'unreachable, `auto` phases never learnt: reserved on every phase',
      state: aState({ connected: false, available: false, heldA: 16, phases: null }),
      phases: [],
      input: { connected: false },
      controlled: false,
      reserve: [16, 16, 16],
    },
    {
      name: 'reachable but refusing profiles: not controlled, nothing reserved (the meter sees it)',
      state: aState({ available: false, reason: 'refuses charging profiles (Rejected)' }),
      input: { connected: false },
      controlled: false,
      reserve: [0, 0, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const view = viewDevice(c.state, (c.phases ?? ['L1', 'L2', 'L3']) as never);
      assert.deepEqual(view.input, c.input);
      assert.equal(view.controlled, c.controlled);
      assert.deepEqual(view.reserveA, c.reserve);
      assert.equal(view.reason === null, c.controlled);
    });
  }
});

describe('withReserve', () => {
  it('adds the reservations to the measured currents, and leaves a missing reading missing', () => {
    assert.deepEqual(
      withReserve(
        [1, 2, 3],
        [
          [0, 12, 0],
          [16, 16, 16],
        ],
      ),
      [17, 30, 19],
    );
    assert.deepEqual(withReserve([5], [[6, 0, 0]]), [11]);
    assert.equal(withReserve(null, [[6, 6, 6]]), null);
    const reading = [1, 2, 3];
    assert.equal(withReserve(reading, [[0, 0, 0]]), reading, 'unchanged without reservations');
  });
});

describe('setpointFor', () => {
  const controlled = viewDevice(aState(), ['L1', 'L2', 'L3']);
  const unreachable = viewDevice(aState({ connected: false, available: false, heldA: 6 }), [
    'L1',
    'L2',
    'L3',
  ]);
  const cases = [
    {
      name: 'the decision, 3 phases',
      decision: aDecision(),
      view: controlled,
      want: { currentA: 10, phases: 3 },
    },
    {
      name: 'a 3-phase charger switched to one phase',
      decision: aDecision({ phases: ['L2'], setpointA: 8 }),
      view: controlled,
      want: { currentA: 8, phases: 1 },
    },
    {
      name: 'not controlled: its fail-safe current',
      decision: aDecision({ setpointA: 0 }),
      view: unreachable,
      want: { currentA: 6, phases: 3 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(setpointFor(c.decision, c.view, 6, ['L1', 'L2', 'L3'], 'tn'), c.want));
  }
  it('on an it network a 1-phase load sits between two lines and is still one phase', () => {
    const decision = aDecision({ phases: ['L1', 'L2'] });
    assert.deepEqual(setpointFor(decision, controlled, 6, ['L1', 'L2'], 'it'), { currentA: 10, phases: 1 });
  });
});
