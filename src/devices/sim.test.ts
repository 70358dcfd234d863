// The `sim` driver from the registry: it finds its simulated device through the context, clamps
// setpoints like a charger takes them and reports what the device draws per site phase.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PhaseValues } from '../model/units.js';
import { createDriver, DriverConfigError } from './registry.js';
import { isPhaseSwitchCapable } from './driver.js';
import { SimDriverError, type SimDriverContext, type SimEndpoint } from './sim.js';

function anEndpoint(deviceId: string): SimEndpoint & { got: [number, 1 | 3][] } {
  const got: [number, 1 | 3][] = [];
  return {
    deviceId,
    got,
    commandedA: 0,
    command(currentA, phases) {
      got.push([currentA, phases]);
      (this as { commandedA: number }).commandedA = currentA;
    },
    measuredA: (): PhaseValues => [0, 7.5, 0],
    vehicleConnected: () => true,
    energyKWh: () => 1.25,
  };
}

const quiet = { debug() {}, info() {}, warn() {} };
const clock = { now: () => 0, sleep: async () => undefined };

describe('sim driver', () => {
  const car = anEndpoint('car');
  const context: SimDriverContext = {
    log: quiet,
    emit() {},
    clock,
    sim: { endpoint: (id) => (id === 'car' ? car : undefined) },
  };

  it('is created through the registry and passes clamped setpoints to its device', () => {
    const driver = createDriver('sim', 'car', { id: 'car', phases: ['L2'], maxA: 16, minA: 6 }, context);
    driver.apply({ currentA: 20, phases: 3 });
    driver.apply({ currentA: 4, phases: 3 });
    driver.apply({ currentA: 10.5, phases: 1 });
    driver.apply({ currentA: Number.NaN, phases: 3 });
    assert.deepEqual(car.got, [
      [16, 3],
      [0, 3],
      [10.5, 1],
      [0, 3],
    ]);
    const state = driver.state();
    assert.deepEqual(state.measuredA, [0, 7.5, 0]);
    assert.equal(state.vehicleConnected, true);
    assert.equal(state.energyKWh, 1.25);
    assert.deepEqual(state.phases, ['L2']);
    assert.equal(isPhaseSwitchCapable(driver), true);
  });

  it('refuses a device the world does not have, and a context without a world', () => {
    assert.throws(() => createDriver('sim', 'hp', { id: 'hp', phases: ['L1'] }, context), SimDriverError);
    assert.throws(
      () => createDriver('sim', 'car', { id: 'car', phases: ['L1'] }, { log: quiet, emit() {}, clock }),
      /device car \(sim\): needs the simulated world/,
    );
  });

  it('rejects a misspelt key', () => {
    assert.throws(
      () => createDriver('sim', 'car', { id: 'car', phases: ['L1'], maxAmps: 16 }, context),
      DriverConfigError,
    );
  });
});
