// Bundles the `ampshare` command (src/cli/main.ts and every module it loads) into dist/bundle/,
// minified, one chunk per lazily loaded part (each subcommand, the HTTP server, the MQTT bridge…),
// which is what bin/ampshare.js runs. One file instead of ~400 modules keeps the daemon's memory
// down: V8 holds every module's source text, and minified code is a third of it (docs/running.md,
// "Memory"). Left outside are the packages that find files beside themselves at run time: native
// addons (better-sqlite3, serialport), HiGHS's WebAssembly, ocpp-rpc (its schema files, and
// src/protocols/ocpp/rpc-lib.ts replaces one of its modules) and ws (shared with ocpp-rpc, so it
// loads once). The tsc output in dist/ stays: the benchmarks import single modules from it.
// Usage: node scripts/build-daemon.mjs [--out DIR]     (default dist/bundle)
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const EXTERNAL = ['better-sqlite3', 'serialport', 'highs', 'ocpp-rpc', 'ws'];

/**
 * Builds the command into outDir (emptied first); its entry is main.js there. The folder must sit
 * inside this package (dist/bundle, or a temporary folder under it): the bundle finds the external
 * packages in node_modules and the dashboard and profiles/ beside package.json, walking up.
 * @param {{ outDir?: string; minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string; entry: string }>}
 */
export async function buildDaemon({ outDir = resolve(root, 'dist/bundle'), minify = true } = {}) {
  await rm(outDir, { recursive: true, force: true });
  await build({
    entryPoints: { main: resolve(root, 'src/cli/main.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: resolve(root, 'tsconfig.build.json'),
    external: EXTERNAL,
    minify,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    // The bundled CommonJS packages (fastify, prom-client, yaml…) call require() for Node's own
    // modules, which an ES module has no binding for.
    banner: {
      js: "import { createRequire as __ampshareRequire } from 'node:module'; const require = __ampshareRequire(import.meta.url);",
    },
  });
  return { outDir, entry: resolve(outDir, 'main.js') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  const started = performance.now();
  try {
    const { outDir } = await buildDaemon(values.out === undefined ? {} : { outDir: resolve(values.out) });
    console.log(`build-daemon: ${outDir} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`build-daemon: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
