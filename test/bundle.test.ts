// The command as it ships: scripts/build-daemon.mjs bundles src/cli/main.ts (what bin/ampshare.js
// runs), here into a temporary folder inside the package, the way dist/bundle sits. A package that
// bundles wrongly (a CommonJS require of a Node module, a file looked up beside a module that is
// now inside a chunk, a lazily loaded part that did not make it into the bundle) fails here
// rather than on a user's machine: check-config, simulate with its HTML report, and the demo with
// its OCPP stations, store, API, /metrics and dashboard.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDaemon } from '../scripts/build-daemon.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/ampshare-test');

let dir = '';
let entry = '';

/** `ampshare ARGS…` through the bundle's run(), as bin/ampshare.js calls it. */
function argv(args: string[]): string[] {
  const script = `const { run } = await import(${JSON.stringify(pathToFileURL(entry).href)}); process.exitCode = await run(${JSON.stringify(args)});`;
  return ['--input-type=module', '-e', script];
}

describe('the bundled command', () => {
  before(async () => {
    mkdirSync(CACHE, { recursive: true });
    dir = mkdtempSync(join(CACHE, 'bundle-'));
    ({ entry } = await buildDaemon({ outDir: join(dir, 'bundle') }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a configuration', () => {
    const r = spawnSync(process.execPath, argv(['check-config', '--config', 'examples/run.yaml']), {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ok: 2 devices/);
  });

  it('simulates a scenario from the profiles and writes its report', () => {
    const report = join(dir, 'report.html');
    const r = spawnSync(
      process.execPath,
      argv(['simulate', 'scenarios/1-home-1x35.yaml', '--days', '0.02', '--json', '--report', report]),
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { trips: number }).trips, 0);
    assert.match(readFileSync(report, 'utf8'), /<html/i);
  });

  it('runs the demo: stations, store, API, metrics and dashboard, then stops cleanly', async () => {
    const child = spawn(process.execPath, argv(['demo', '--port', '0', '--events']), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      let url: string | undefined;
      // A cycle with both stations booted: the bundle's OCPP, store and allocator work.
      while (!(url && /device\.setpoint car1/.test(out) && /ocpp\.booted stationId=CP-2/.test(out))) {
        assert.ok(Date.now() < deadline, `the demo did not get going:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        url = /dashboard at (http:\/\/\S+)/.exec(out)?.[1];
      }
      const state = await fetch(`${url}/api/state`);
      assert.equal(state.status, 200);
      assert.equal(((await state.json()) as { site: { fuseA: number } }).site.fuseA, 25);
      assert.match(
        await (await fetch(`${url}/metrics`)).text(),
        /ampshare_cycles_total\{trigger="telegram"\} \d+/,
      );
      const openapi = (await (await fetch(`${url}/api/openapi.json`)).json()) as { openapi: string };
      assert.equal(openapi.openapi, '3.1.0');
      // The dashboard is found beside package.json (dist/web), once built.
      if (existsSync(join(ROOT, 'dist/web/index.html'))) {
        assert.equal((await fetch(`${url}/`)).status, 200);
      }
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, out);
  });
});
