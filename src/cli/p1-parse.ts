// `ampshare p1 parse FILE...`: decodes P1 telegrams from files of raw bytes (captures, fixtures,
// Smarty frames) and prints one Reading per telegram, as JSON lines (contract 1) or as a table.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Reading } from '../model/reading.js';
import { createP1Decoder, type P1Error } from '../meters/dsmr/index.js';
import type { Command } from './main.js';

const usage = `usage: ampshare p1 parse FILE... [--json] [--key HEX] [--lenient]

Decodes P1 telegrams (DSMR 2.2-5.0, e-MUCS, Smarty and kin) from files of raw bytes.
  --json       one JSON object per telegram (the Reading of contract 1), in input order
  --key HEX    AES-128 key, 32 hex digits, for Luxembourg Smarty encrypted frames
  --lenient    accept telegrams whose CRC does not match, with "crc": "invalid"
Errors go to stderr, one line each with the file and byte offset; the exit status is 1 when any
telegram or file failed.`;

const COLUMNS = ['time', 'P+ W', 'P- W', 'L1 A', 'L2 A', 'L3 A', 'L1 V', 'L2 V', 'L3 V'];
const WIDTHS = [25, 7, 7, 7, 7, 7, 6, 6, 6];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]!) : c.padStart(WIDTHS[i]!))).join(' ');
}

function tableRow(r: Reading): string {
  const num = (v: number | null | undefined, digits: number): string => (v == null ? '-' : v.toFixed(digits));
  const phase = (i: number) => r.phases[i];
  return row([
    r.timestamp ?? '-',
    num(r.powerImportW, 0),
    num(r.powerExportW, 0),
    ...[0, 1, 2].map((i) => num(phase(i)?.netCurrentA, 2)),
    ...[0, 1, 2].map((i) => num(phase(i)?.voltageV, 1)),
  ]);
}

function errorLine(file: string, e: P1Error): string {
  return `${file}: byte ${e.offset}${e.line === null ? '' : `, line ${e.line}`}: ${e.kind}: ${e.message}`;
}

async function run(args: string[]): Promise<number> {
  let values: { json?: boolean; key?: string; lenient?: boolean };
  let files: string[];
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, key: { type: 'string' }, lenient: { type: 'boolean' } },
    });
    values = parsed.values;
    files = parsed.positionals;
  } catch (err) {
    process.stderr.write(`ampshare p1 parse: ${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write(`ampshare p1 parse: no FILE given\n\n${usage}\n`);
    return 2;
  }
  if (values.key !== undefined && !/^[0-9a-fA-F]{32}$/.test(values.key)) {
    process.stderr.write('ampshare p1 parse: --key must be 32 hex digits (an AES-128 key)\n');
    return 2;
  }
  const key = values.key === undefined ? undefined : Buffer.from(values.key, 'hex');
  let failed = false;
  if (!values.json) process.stdout.write(`${row(COLUMNS)}\n`);
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      process.stderr.write(`ampshare p1 parse: cannot read ${file}: ${(err as Error).message}\n`);
      failed = true;
      continue;
    }
    const decoder = createP1Decoder({ key, lenient: values.lenient ?? false });
    const out: string[] = [];
    for (const event of [...decoder.push(bytes), ...decoder.end()]) {
      if (event.type === 'reading')
        out.push(values.json ? JSON.stringify(event.reading) : tableRow(event.reading));
      else {
        failed = true;
        if (out.length > 0) process.stdout.write(`${out.splice(0).join('\n')}\n`);
        process.stderr.write(`${errorLine(file, event.error)}\n`);
      }
    }
    if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
  }
  return failed ? 1 : 0;
}

export const command: Command = {
  summary: 'decode P1 telegrams from files (JSON lines or a table)',
  usage,
  run,
};
