// Writes one benchmark site and its input variants to a JSON file, for bench/allocate-duel.mjs and
// bench/allocate-child.mjs (the scaling bench writes the same files into a temporary directory):
//
//   npx tsx bench/allocate-site-file.ts <home|hard> <devices> <out.json>
import { writeFileSync } from 'node:fs';
import { topologyOf } from '../src/core/allocate.js';
import { siteFileJson } from './allocate-sites.js';

const [name, devices, out] = process.argv.slice(2);
const n = Number(devices);
if ((name !== 'home' && name !== 'hard') || !Number.isInteger(n) || n < 1 || !out) {
  console.error('usage: npx tsx bench/allocate-site-file.ts <home|hard> <devices> <out.json>');
  process.exit(2);
}
writeFileSync(out, siteFileJson(name, n, topologyOf));
console.log(`${out}: the ${name} site, ${n.toLocaleString('en')} devices`);
