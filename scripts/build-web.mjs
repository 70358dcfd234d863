// Builds the dashboard (web/) into a folder the server serves: index.html, app.js and app.css
// (uPlot's stylesheet bundled in). esbuild, one pass, no content hashes: the server sends them
// with `no-cache` and the files are small.
// Usage: node scripts/build-web.mjs [--out DIR] [--no-minify]     (default dist/web, minified)
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = resolve(root, 'web');

/**
 * Builds web/ into outDir (created if missing).
 * @param {{ outDir?: string; minify?: boolean }} [options]
 * @returns {Promise<{ outDir: string; files: string[] }>}
 */
export async function buildWeb({ outDir = resolve(root, 'dist/web'), minify = true } = {}) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: resolve(web, 'src/main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: minify ? false : 'inline',
    legalComments: 'none',
    logLevel: 'silent',
    // Names the CSS entry app.css: main.tsx imports styles.css and uPlot's stylesheet.
    entryNames: '[name]',
  });
  await copyFile(resolve(web, 'index.html'), resolve(outDir, 'index.html'));
  return { outDir, files: ['index.html', 'app.js', 'app.css'] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'no-minify': { type: 'boolean', default: false } },
    strict: true,
  });
  const started = performance.now();
  try {
    const { outDir } = await buildWeb({
      outDir: values.out === undefined ? undefined : resolve(values.out),
      minify: !values['no-minify'],
    });
    console.log(`build-web: ${outDir} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.error(`build-web: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
