// `npm run bench`: runs every bench/*.bench.ts (or those whose name contains an argument) and
// prints one table, plus the machine and date so a figure can be pasted into docs/benchmarks.md.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const dir = new URL('./', import.meta.url);
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
console.log(
  `# ${new Date().toISOString().slice(0, 10)} · ${cpu} · ${os.cpus().length} cores · node ${process.version}`,
);
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as {
    bench: () => Promise<BenchResult[]>;
  };
  console.log(`\n## ${file}`);
  try {
    for (const r of await mod.bench()) {
      const value = r.value >= 100 ? Math.round(r.value).toLocaleString('en') : r.value.toPrecision(3);
      console.log(
        `${r.name.padEnd(58)} ${value.padStart(14)} ${r.unit}${r.goal ? `   (goal ${r.goal})` : ''}`,
      );
    }
  } catch (err) {
    failed = true;
    console.error(`${file} failed: ${(err as Error).stack ?? String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
