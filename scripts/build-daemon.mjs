// Bundles the `ampshare` command (src/cli/main.ts and every module it loads) into dist/bundle/,
// minified, one chunk per lazily loaded part (each subcommand, the HTTP server, the MQTT bridge…),
// which is what bin/ampshare.js runs. A few minified files instead of ~400 modules keep the
// daemon's memory down: V8 holds every loaded module's source text (docs/running.md, "Memory");
// so do the two plugins below, which leave out copies and code that are never used. Left outside
// are the packages that find files beside themselves at run time: native addons (better-sqlite3,
// serialport), HiGHS's WebAssembly, ocpp-rpc (its schema files, and src/protocols/ocpp/rpc-lib.ts
// replaces one of its modules) and ws (shared with ocpp-rpc, so it loads once). The tsc output in
// dist/ stays: the benchmarks import single modules from it.
// Usage: node scripts/build-daemon.mjs [--out DIR]     (default dist/bundle)
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export const EXTERNAL = ['better-sqlite3', 'serialport', 'highs', 'ocpp-rpc', 'ws'];

/**
 * One copy of each package version. npm nests a package once per dependent when the root holds
 * another version of it (ajv 8.20 sits under both @fastify/ajv-compiler and fast-json-stringify,
 * because eslint's ajv 6 took the root); the bundle takes whichever copy it meets first for both.
 * @returns {import('esbuild').Plugin}
 */
function onePerVersion() {
  /** @type {Map<string, string>} package folder → its name@version */
  const ids = new Map();
  /** @type {Map<string, string>} name@version → the folder used */
  const chosen = new Map();
  const id = (dir) => {
    let found = ids.get(dir);
    if (found === undefined) {
      const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      ids.set(dir, (found = `${name}@${version}`));
    }
    return found;
  };
  return {
    name: 'one-per-version',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'one-per-version') return undefined;
        const { kind, importer, resolveDir } = args;
        const found = await build.resolve(args.path, {
          kind,
          importer,
          resolveDir,
          pluginData: 'one-per-version',
        });
        // esbuild's own resolver says what it cannot find (or allows it, in a try block).
        if (found.errors.length > 0) return undefined;
        if (found.external) return { path: found.path, external: true };
        const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)([\\/].*)$/.exec(found.path);
        if (!m) return { path: found.path, sideEffects: found.sideEffects };
        const [, dir, rest] = /** @type {[string, string, string]} */ (m);
        const key = id(dir);
        if (!chosen.has(key)) chosen.set(key, dir);
        return { path: chosen.get(key) + rest, sideEffects: found.sideEffects };
      });
    },
  };
}

/**
 * zod re-exports its ~40 message locales (250 kB) from one module, all loaded with it; ampshare's
 * messages are English, zod's default.
 * @returns {import('esbuild').Plugin}
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
        contents: 'export { default as en } from "./en.js";',
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
    },
  };
}

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
    plugins: [onePerVersion(), zodEnglishOnly()],
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
