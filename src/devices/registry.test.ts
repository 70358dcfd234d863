import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { csmsConfigSchema } from '../protocols/ocpp/config.js';
import { Csms } from '../protocols/ocpp/csms.js';
import { FakeClock } from '../protocols/ocpp/test-support/fake-clock.js';
import { isFailsafeCapable, isPhaseSwitchCapable, type DeviceDriver, type DriverContext } from './driver.js';
import { createDriver, DriverConfigError, UnknownDriverError } from './registry.js';

const quiet = { debug() {}, info() {}, warn() {} };
const clock = new FakeClock();
const ocpp = new Csms(csmsConfigSchema.parse({}), { log: quiet, emit() {}, clock });
const context: DriverContext = { log: quiet, emit() {}, clock, ocpp };
after(() => ocpp.close());

describe('driver registry', () => {
  it('creates an OCPP charger from its config, with defaults, and detects its abilities', async () => {
    const driver = createDriver(
      'ocpp',
      'cp1',
      { id: 'cp1', stationId: 'CP-1', phases: ['L2'], maxA: 16 },
      context,
    );
    assert.equal(driver.deviceId, 'cp1');
    assert.equal(isFailsafeCapable(driver), true);
    assert.equal(isPhaseSwitchCapable(driver), true);
    const state = driver.state();
    assert.equal(state.connected, false);
    assert.deepEqual(state.phases, ['L2']);
    assert.equal(state.heldA, 16, 'never limited: assumed at its maximum');
    await driver.close();
  });

  it('rejects an unknown type, naming the known ones', () => {
    assert.throws(
      () => createDriver('modbus-x', 'hp', {}, context),
      (e: unknown) => {
        assert.ok(e instanceof UnknownDriverError);
        assert.match(e.message, /device hp: unknown driver "modbus-x" \(known: ocpp, sim\)/);
        return true;
      },
    );
  });

  it('rejects misspelt keys and charger-impossible values, naming the key', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ id: 'cp1', stationId: 'CP-1', phases: ['L1'], maxA: 16, conector: 2 }, /conector/],
      [{ id: 'cp1', stationId: 'CP-1', phases: ['L1'], maxA: 16, minA: 5 }, /minA/],
      [
        { id: 'cp1', stationId: 'CP-1', phases: ['L1'], maxA: 16, failsafeA: 3 },
        /failsafeA: failsafeA is 0 or between 6 A and maxA/,
      ],
      [{ id: 'cp1', stationId: 'CP-1', phases: 'L1', maxA: 16 }, /phases/],
    ];
    for (const [config, message] of cases) {
      assert.throws(
        () => createDriver('ocpp', 'cp1', config, context),
        (e: unknown) => e instanceof DriverConfigError && message.test(e.message),
        JSON.stringify(config),
      );
    }
  });

  it('the type guards see only what a driver implements', () => {
    const bare: DeviceDriver = {
      deviceId: 'x',
      apply() {},
      state: () => ({}) as never,
      close: async () => {},
    };
    assert.equal(isFailsafeCapable(bare), false);
    assert.equal(isPhaseSwitchCapable(bare), false);
  });

  it('the OCPP driver needs the central system', () => {
    assert.throws(
      () =>
        createDriver(
          'ocpp',
          'cp1',
          { id: 'cp1', stationId: 'CP-1', phases: ['L1'], maxA: 16 },
          { ...context, ocpp: undefined },
        ),
      /device cp1 \(ocpp\): needs the OCPP central system/,
    );
  });
});
