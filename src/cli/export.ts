// `ampshare export`: the history as CSV (docs/history.md), from the database in the data
// directory, to stdout or a file. It opens the database read-only, so it runs beside a controller
// that is writing it.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { RESOLUTIONS, type Resolution } from '../model/history.js';
import { localMidnightMs } from '../store/buckets.js';
import { CSV_KINDS, type CsvKind } from '../store/csv.js';
import { HistoryStore } from '../store/history.js';
import { StoreError } from '../store/schema.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare export --what samples|sessions|events [--data-dir DIR] [--resolution R]
                      [--from TIME] [--to TIME] [--out FILE]

Writes the history kept in DIR/ampshare.db (default ./data) as CSV: a header row, then one row per
bucket, session or event, oldest first. Runs beside a running controller (it only reads).
  --what        samples (site state per bucket), sessions (charging sessions) or events
  --resolution  samples only: ${RESOLUTIONS.join(', ')} (default minute)
  --from, --to  ISO 8601 times (2025-06-01T08:00:00Z); a bare date (2025-06-01) is midnight in the
                site's time zone; --to is exclusive. Default: everything
  --out         a file instead of stdout`;

class UsageError extends Error {}

/** A bare date is the site's local midnight; anything else must be a time JavaScript can read. */
function parseTime(option: string, text: string | undefined, timeZone: string): number | undefined {
  if (text === undefined) return undefined;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) return localMidnightMs(Number(date[1]), Number(date[2]), Number(date[3]), timeZone);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`--${option} "${text}" is not an ISO 8601 time`);
  return ms;
}

/** Writes the lines in chunks, waiting when the destination asks to. */
async function writeAll(lines: Iterable<string>, out: NodeJS.WritableStream): Promise<void> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length < 64 * 1024) continue;
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
  if (chunk.length > 0) out.write(chunk);
}

interface Options {
  dataDir: string;
  what: CsvKind;
  resolution: Resolution | undefined;
  from: string | undefined;
  to: string | undefined;
  out: string | undefined;
}

function options(args: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        'data-dir': { type: 'string', default: './data' },
        what: { type: 'string' },
        resolution: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const what = values.what;
  if (what === undefined) throw new UsageError('--what is required');
  if (!CSV_KINDS.includes(what as CsvKind)) {
    throw new UsageError(`--what "${what}": expected ${CSV_KINDS.join(', ')}`);
  }
  const resolution = values.resolution;
  if (resolution !== undefined && !RESOLUTIONS.includes(resolution as Resolution)) {
    throw new UsageError(`--resolution "${resolution}": expected ${RESOLUTIONS.join(', ')}`);
  }
  if (resolution !== undefined && what !== 'samples')
    throw new UsageError('--resolution goes with --what samples');
  return {
    dataDir: values['data-dir'],
    what: what as CsvKind,
    resolution: resolution as Resolution | undefined,
    from: values.from,
    to: values.to,
    out: values.out,
  };
}

async function exportCsv(o: Options): Promise<void> {
  const store = HistoryStore.open({ dataDir: o.dataDir, readOnly: true });
  try {
    const query = {
      resolution: o.resolution,
      fromMs: parseTime('from', o.from, store.timezone),
      toMs: parseTime('to', o.to, store.timezone),
    };
    const lines = store.csv(o.what, query);
    if (o.out === undefined) return await writeAll(lines, process.stdout);
    const file = createWriteStream(o.out);
    const done = finished(file);
    await Promise.race([writeAll(lines, file), done]);
    file.end();
    await done;
  } finally {
    store.close();
  }
}

export const command: Command = {
  summary: 'write the history (samples, sessions, events) as CSV',
  usage: USAGE,
  async run(args) {
    try {
      await exportCsv(options(args));
      return 0;
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`ampshare export: ${err.message}\n\n${USAGE}\n`);
        return 2;
      }
      const message = err instanceof StoreError ? err.message : `${(err as Error).message}`;
      process.stderr.write(`ampshare export: ${message}\n`);
      return 1;
    }
  },
};
