// `ampshare allocate`: what would the allocator do with this site and these readings? One cycle
// from a cold start (no history): targetA is the steady state, setpointA what would be sent now
// (docs/algorithm.md "Cold start"). For users and for black-box tests.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/yaml.js';
import { allocate, type AllocationResult } from '../core/allocate.js';
import type { AllocatorInputs } from '../core/inputs.js';
import { allocatorInputsSchema } from '../core/inputs-schema.js';
import { emptyState } from '../core/state.js';
import { loadSiteConfig } from '../site/load.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare allocate --config site.yaml --input input.json [--json]

One allocation cycle from a cold start.
  --config FILE  the site configuration (YAML)
  --input FILE   the readings (JSON): { "grid": { "netCurrentA": [10.2, -3.1, 5.0] },
                 "devices": { "car1": { "connected": true, "measuredA": [6, 6, 6] } } }
                 plus optional "time", "quarterHour", "externalLimit", "circuits", "pvW"
  --json         print JSON: { devices: [{ id, targetA, setpointA, phases, reason, … }], circuits, summary }
                 (default: a table)`;

class InputError extends Error {}

export function readInputs(file: string): AllocatorInputs {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const result = allocatorInputsSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const path = i.path.map(String).join('.');
      const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.join(', ')}` : '';
      return `${file}: ${path || '(top)'}: ${i.message}${keys}`;
    });
    throw new InputError(lines.join('\n'));
  }
  return result.data;
}

function fmt(values: number[] | null): string {
  if (values === null) return '-';
  return values.length === 0 ? '-' : values.map((v) => v.toFixed(1)).join(' ');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  '))
    .join('\n');
}

export function formatResult(result: AllocationResult): string {
  const devices = table([
    ['device', 'phases', 'target', 'setpoint', 'reason'],
    ...result.devices.map((d) => [d.id, d.phases.join(' '), `${d.targetA} A`, `${d.setpointA} A`, d.reason]),
  ]);
  const circuits = table([
    ['circuit', 'limit', 'measured A', 'base load A', 'available A', 'headroom A'],
    ...result.circuits.map((c) => [
      c.id,
      `${c.limitA} A`,
      fmt(c.measuredA),
      fmt(c.baseLoadA),
      fmt(c.availableA),
      fmt(c.headroomA),
    ]),
  ]);
  const q = result.summary.quarterHour;
  const extra = q
    ? `\nquarter hour: ${(q.averageSoFarW / 1000).toFixed(2)} kW so far after ${Math.round(q.elapsedS)} s, target ${(q.targetW / 1000).toFixed(2)} kW, allowed ${(q.allowedW / 1000).toFixed(2)} kW for the rest`
    : '';
  return `${devices}\n\n${circuits}${extra}\n`;
}

export const command: Command = {
  summary: 'one allocation cycle for a site and readings (what would it do if…)',
  usage: USAGE,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        strict: true,
        options: { config: { type: 'string' }, input: { type: 'string' }, json: { type: 'boolean' } },
      }));
    } catch (err) {
      process.stderr.write(`ampshare allocate: ${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (!values.config || !values.input) {
      process.stderr.write(`ampshare allocate: --config and --input are required\n\n${USAGE}\n`);
      return 2;
    }
    try {
      const site = loadSiteConfig(values.config);
      const inputs = readInputs(values.input);
      // The CLI may read the clock; the allocator never does.
      const nowMs = inputs.time === undefined ? Date.now() : Date.parse(inputs.time);
      const result = allocate(site, inputs, emptyState(), nowMs);
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (values.json) {
        const { devices, circuits, summary, warnings } = result;
        process.stdout.write(`${JSON.stringify({ devices, circuits, summary, warnings }, null, 2)}\n`);
      } else {
        process.stdout.write(formatResult(result));
      }
      return 0;
    } catch (err) {
      if (err instanceof ConfigError || err instanceof InputError) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};
