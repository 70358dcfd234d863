// What users run is the compiled JavaScript (`npm run build` → dist/, which `npx ampshare` loads),
// not the TypeScript sources through tsx: tsx's transform wraps functions for their names and adds
// its loader, which made the simulator about 10–30 % slower here. The benchmarks of the product's
// speed (allocator, simulator, the daemon) therefore compile src/ once per `npm run bench` into
// artifacts/bench-dist (gitignored) with the build's own tsconfig, and time that.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BENCH_DIST = join(ROOT, 'artifacts/bench-dist');

let compiled = false;

/** Compiles src/ to artifacts/bench-dist (once per process), with an entry that runs the CLI. */
export function compileOnce(): string {
  if (compiled) return BENCH_DIST;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BENCH_DIST], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`compiling src/ for the benchmarks failed:\n${result.stdout}${result.stderr}`);
  // What bin/ampshare.js does for dist/: the CLI module exports run(); this calls it.
  writeFileSync(
    join(BENCH_DIST, 'entry.mjs'),
    "import { run } from './cli/main.js';\nprocess.exitCode = await run(process.argv.slice(2));\n",
  );
  compiled = true;
  return BENCH_DIST;
}

/** A compiled module by its path under src/ with .js ("sim/engine.js"), typed as the source. */
export async function importCompiled<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(compileOnce(), path)).href)) as T;
}
