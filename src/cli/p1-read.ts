// `ampshare p1 read`: live Readings from a meter (serial, TCP, HTTP) or a recording (file), one
// line each, until Ctrl-C or the end of the file. Errors and connection news go to stderr.
import { parseArgs } from 'node:util';
import { createP1Decoder } from '../meters/dsmr/index.js';
import type { P1DecoderOptions } from '../meters/dsmr/types.js';
import type { Reading } from '../model/reading.js';
import {
  createSource,
  P1Reader,
  type ByteSource,
  type P1ReaderEvent,
  type SourceSpec,
} from '../meters/sources/index.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare p1 read (--serial DEV [--baud N|auto] | --tcp HOST:PORT | --http URL | --file F [--realtime])
                       [--json] [--key HEX] [--lenient]

Prints one line per telegram until interrupted (or, for --file, until the end of the file).
  --serial DEV     a P1 cable, e.g. /dev/ttyUSB0; --baud auto (default) finds 115200 8N1 or 9600 7E1
  --tcp HOST:PORT  a network P1 dongle or ser2net in raw mode
  --http URL       a HomeWizard P1 meter: http://HOST (raw telegram) or http://HOST/api/v1/data (JSON)
  --file F         a recording; --realtime replays it at the pace of its timestamps
  --json           one JSON Reading per line (as \`ampshare p1 parse --json\`)
  --key HEX        the 32-hex-digit AES key of a Luxembourg Smarty meter
  --lenient        keep telegrams with a wrong CRC (crc "invalid")`;

export class UsageError extends Error {}

export interface ReadIo {
  out(line: string): void;
  err(line: string): void;
  /** Aborting ends the reading as Ctrl-C would. */
  signal?: AbortSignal;
}

interface Options {
  source: ByteSource;
  json: boolean;
  isFile: boolean;
  /** A fast file replay has no pace for the watchdog to watch. */
  watched: boolean;
  decoderOptions: P1DecoderOptions;
}

function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`--tcp ${value}: expected HOST:PORT`);
  return { host: match[1] ?? match[2] ?? '', port };
}

function parseKey(value: string | undefined): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9A-Fa-f]{32}$/.test(value)) throw new UsageError('--key: expected 32 hex digits (AES-128)');
  return Uint8Array.from(Buffer.from(value, 'hex'));
}

export function parseReadArgs(args: string[]): Options {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      serial: { type: 'string' },
      baud: { type: 'string' },
      tcp: { type: 'string' },
      http: { type: 'string' },
      file: { type: 'string' },
      realtime: { type: 'boolean' },
      json: { type: 'boolean' },
      key: { type: 'string' },
      lenient: { type: 'boolean' },
    },
  });
  const chosen = (['serial', 'tcp', 'http', 'file'] as const).filter((name) => values[name] !== undefined);
  if (chosen.length !== 1) throw new UsageError('give exactly one of --serial, --tcp, --http, --file');
  if (values.baud !== undefined && values.serial === undefined)
    throw new UsageError('--baud goes with --serial');
  if (values.realtime && values.file === undefined) throw new UsageError('--realtime goes with --file');
  const key = parseKey(values.key);
  const decoderOptions: P1DecoderOptions = { lenient: values.lenient ?? false, ...(key ? { key } : {}) };
  let spec: SourceSpec;
  if (values.serial !== undefined) {
    const baudText = values.baud ?? 'auto';
    const baud = baudText === 'auto' ? 'auto' : Number(baudText);
    if (baud !== 'auto' && !(Number.isInteger(baud) && baud > 0)) {
      throw new UsageError(`--baud ${baudText}: expected a number or auto`);
    }
    spec = { kind: 'serial', path: values.serial, baud };
  } else if (values.tcp !== undefined) {
    spec = { kind: 'tcp', ...parseHostPort(values.tcp) };
  } else if (values.http !== undefined) {
    spec = { kind: 'http', url: values.http };
  } else {
    spec = { kind: 'file', path: values.file ?? '', realtime: values.realtime ?? false };
  }
  let source: ByteSource;
  try {
    source = createSource(spec, {
      createDecoder: () => createP1Decoder(decoderOptions),
      encrypted: key !== undefined,
    });
  } catch (error) {
    throw new UsageError(`--${spec.kind}: ${(error as Error).message}`);
  }
  const isFile = values.file !== undefined;
  const watched = !isFile || values.realtime === true;
  return { source, json: values.json ?? false, isFile, watched, decoderOptions };
}

function signed(value: number | null): string {
  if (value === null) return '   -  ';
  return `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(2)}`;
}

/** "2019-03-24T15:05:19+01:00  P+ 378 W  P- 0 W  L1 +0.00 A  L2 -0.52 A  L3 +1.60 A" */
export function formatReading(reading: Reading, receivedAt: number): string {
  const at = reading.timestamp ?? new Date(receivedAt).toISOString();
  const watts = (value: number | null): string => (value === null ? '-' : String(Math.round(value)));
  const phases = reading.phases.map((phase, index) => `L${index + 1} ${signed(phase.netCurrentA)} A`);
  return [at, `P+ ${watts(reading.powerImportW)} W`, `P- ${watts(reading.powerExportW)} W`, ...phases].join(
    '  ',
  );
}

export async function p1Read(args: string[], io: ReadIo): Promise<number> {
  let options: Options;
  try {
    options = parseReadArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')))
      throw error;
    io.err(`ampshare p1 read: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { source, json, isFile } = options;
  const reader = new P1Reader({
    source,
    decoder: createP1Decoder(options.decoderOptions),
    watchdog: options.watched ? {} : false,
  });
  let status = 0;
  reader.on((event: P1ReaderEvent) => {
    switch (event.type) {
      case 'reading':
        io.out(json ? JSON.stringify(event.reading) : formatReading(event.reading, event.receivedAt));
        return;
      case 'error': {
        const { kind, offset, line, message } = event.error;
        io.err(
          `p1 read: ${source.description}: ${kind} error at byte ${offset}${line === null ? '' : ` (line ${line})`}: ${message}`,
        );
        return;
      }
      case 'status':
        if (event.status.state === 'ended' && event.status.error) status = 1;
        if (!isFile || status !== 0) io.err(`p1 read: ${event.message}`);
        return;
      case 'silent':
      case 'recovered':
        io.err(`p1 read: ${event.message}`);
        return;
      case 'end':
        return;
    }
  });
  const onAbort = (): void => void reader.stop();
  io.signal?.addEventListener('abort', onAbort, { once: true });
  reader.start();
  if (io.signal?.aborted) onAbort();
  await reader.done;
  io.signal?.removeEventListener('abort', onAbort);
  return status;
}

export const command: Command = {
  summary: 'print live readings from a meter (serial, TCP, HTTP) or a recording',
  usage: USAGE,
  async run(args) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // `ampshare p1 read ... | head` closes stdout: stop reading instead of dying on EPIPE.
    process.stdout.on('error', onSignal);
    try {
      return await p1Read(args, {
        out: (line) => void process.stdout.write(`${line}\n`),
        err: (line) => void process.stderr.write(`${line}\n`),
        signal: stop.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.stdout.off('error', onSignal);
    }
  },
};
