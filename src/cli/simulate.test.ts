// `ampshare simulate` in-process through run(): contract 3's JSON, the comparison table, errors.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { capture } from './test-capture.js';

const SCENARIO = new URL('../../scenarios/1-home-1x35.yaml', import.meta.url).pathname;
const CONTRACT_3 = [
  'scenario',
  'policy',
  'simulatedSeconds',
  'trips',
  'overloadSeconds',
  'maxPhaseCurrentA',
  'evRequestedKWh',
  'evDeliveredKWh',
  'evSessionsMissed',
  'pvSelfConsumption',
  'peak15mW',
  'startStops',
  'costEUR',
];

describe('ampshare simulate', () => {
  it('--json prints the KPIs of contract 3 for the run', async () => {
    const { status, out } = await capture(['simulate', SCENARIO, '--days', '0.02', '--json']);
    assert.equal(status, 0);
    const kpis = JSON.parse(out) as Record<string, unknown>;
    for (const key of CONTRACT_3) assert.ok(key in kpis, `missing ${key}`);
    assert.equal(kpis.policy, 'ampshare');
    assert.equal(kpis.simulatedSeconds, 1728);
    assert.equal(kpis.telegrams, 1728);
    assert.equal(kpis.telegramErrors, 0);
  });

  it('--compare puts every policy side by side', async () => {
    const { status, out } = await capture(['simulate', '--compare', SCENARIO, '--days', '0.01']);
    assert.equal(status, 0);
    const header = out.split('\n')[1] ?? '';
    for (const p of ['ampshare', 'uncontrolled', 'static', 'slow-loop']) assert.match(header, new RegExp(p));
    assert.match(header, /optimum/);
    assert.match(out, /breaker trips/);
  });

  it('locates a scenario problem by line, exit 1; bad options exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ampshare-sim-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'site: { phases: 3, fuseA: 25 }\nsim:\n  name: x\n  start: 2026-01-01\n  dayz: 1\n');
    const r = await capture(['simulate', bad]);
    assert.equal(r.status, 1);
    assert.match(r.err, /bad\.yaml:5:3 sim\.dayz: unknown key/);
    assert.equal((await capture(['simulate', SCENARIO, '--policy', 'evcc'])).status, 2);
    assert.equal((await capture(['simulate'])).status, 2);
    assert.equal((await capture(['simulate', SCENARIO, '--days', '-1'])).status, 2);
  });
});
