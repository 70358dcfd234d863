// What users run is the built JavaScript (`npm run build` → dist/, and the bundle in dist/bundle/
// that bin/ampshare.js loads), not the TypeScript sources through tsx: tsx's transform wraps
// functions for their names and adds its loader, which made the simulator about 10–30 % slower
// here. The benchmarks of the product's speed (simulator, the daemon) therefore compile src/ into
// dist/ and bundle the command once per `npm run bench`, as `npm run build` does (without
// re-bundling the dashboard), and time that. Single modules are imported from dist/'s tsc output.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = join(ROOT, 'dist');
/** The installed command's entry: it runs the bundle in dist/bundle/. */
export const ENTRY = join(ROOT, 'bin/ampshare.js');

let compiled = false;

/** Compiles src/ to dist/ and bundles the command into dist/bundle/ (once per process). */
export function compileOnce(): string {
  if (compiled) return DIST;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`compiling src/ for the benchmarks failed:\n${result.stdout}${result.stderr}`);
  }
  // And the bundle bin/ampshare.js runs (scripts/build-daemon.mjs).
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts/build-daemon.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (bundle.status !== 0) {
    throw new Error(`bundling the command for the benchmarks failed:\n${bundle.stdout}${bundle.stderr}`);
  }
  compiled = true;
  return DIST;
}

/** A compiled module by its path under src/ with .js ("sim/engine.js"), typed by the caller. */
export async function importCompiled<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(compileOnce(), path)).href)) as T;
}
