// `ampshare allocate` in-process through run(), with the issue's example configuration (which must
// be accepted as it is) and input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capture, ISSUE_EXAMPLE, siteFiles as files } from './test-capture.js';

describe('ampshare allocate', () => {
  it('answers the issue example with targetA, setpointA, phases and a reason per device, headroom per circuit', async () => {
    const f = files(ISSUE_EXAMPLE);
    const { status, out, err } = await capture([
      'allocate',
      '--config',
      f.config,
      '--input',
      f.input,
      '--json',
    ]);
    assert.equal(status, 0, err);
    const result = JSON.parse(out) as {
      devices: { id: string; targetA: number; setpointA: number; phases: string[]; reason: string }[];
      circuits: { id: string; headroomA: number[] }[];
    };
    const car = result.devices[0];
    assert.equal(car?.id, 'car1');
    // main L1 (the car's 3rd phase): 25 − 1 − (10.2 − 6) = 19.8 A; garage: 20 − 1 = 19 A; maxA 16 fits.
    assert.equal(car?.targetA, 16);
    // Cold start: the car drew 6 A, so 6 A is sent now and the ramp goes on from there.
    assert.equal(car?.setpointA, 6);
    assert.deepEqual(car?.phases, ['L2', 'L3', 'L1']);
    assert.match(car?.reason ?? '', /at maximum 16 A; ramping up to 16 A \(\+1 A\/s\)/);
    assert.deepEqual(
      result.circuits.map((c) => c.id),
      ['main', 'garage'],
    );
    assert.deepEqual(result.circuits[0]?.headroomA, [3.8, 17.1, 9]);
    assert.deepEqual(result.circuits[1]?.headroomA, [3, 3, 3]);
  });

  it('prints a readable table without --json', async () => {
    const f = files(ISSUE_EXAMPLE);
    const { status, out } = await capture(['allocate', '--config', f.config, '--input', f.input]);
    assert.equal(status, 0);
    assert.match(out, /^device +phases +target +setpoint +reason/m);
    assert.match(out, /^car1 +L2 L3 L1 +16 A +6 A +at maximum 16 A/m);
    assert.match(out, /^garage +20 A/m);
  });

  it('a stale meter in the input gives the fail-safe', async () => {
    const f = files(ISSUE_EXAMPLE, {
      grid: { netCurrentA: [10, 10, 10], ageS: 4.1 },
      devices: { car1: { measuredA: [16, 16, 16] } },
    });
    const { status, out } = await capture(['allocate', '--config', f.config, '--input', f.input, '--json']);
    assert.equal(status, 0);
    const car = (JSON.parse(out) as { devices: { setpointA: number; reason: string }[] }).devices[0];
    assert.equal(car?.setpointA, 6);
    assert.equal(car?.reason, 'fail-safe: meter data 4.1 s old → 6 A');
  });

  it('refuses a bad input with the file and key, exit 1', async () => {
    const f = files(ISSUE_EXAMPLE, { grid: { netCurrentA: [1, 2, 3], agS: 1 }, devices: {} });
    const { status, err } = await capture(['allocate', '--config', f.config, '--input', f.input]);
    assert.equal(status, 1);
    assert.match(err, /input\.json: grid: .*agS/);
    const g = files(ISSUE_EXAMPLE, '{ "grid": ');
    const bad = await capture(['allocate', '--config', g.config, '--input', g.input]);
    assert.equal(bad.status, 1);
    assert.match(bad.err, /input\.json: not JSON/);
  });

  it('warns about devices the configuration does not know', async () => {
    const f = files(ISSUE_EXAMPLE, {
      grid: { netCurrentA: [1, 2, 3] },
      devices: { car9: { measuredA: [1] } },
    });
    const { status, err } = await capture(['allocate', '--config', f.config, '--input', f.input, '--json']);
    assert.equal(status, 0);
    assert.match(err, /warning: input device "car9" is not in the configuration/);
  });

  it('needs --config and --input', async () => {
    const { status, err } = await capture(['allocate', '--json']);
    assert.equal(status, 2);
    assert.match(err, /--config and --input are required/);
  });
});
