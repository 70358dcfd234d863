// `ampshare demo` (= `npm start`): the simulated house in real time through the real controller,
// with the dashboard. No configuration, no hardware (src/sim/live/demo.ts, docs/demo.md).
import { parseArgs } from 'node:util';
import { formatEvent, logsEvent } from '../runtime/event-log.js';
import { EventBus } from '../runtime/events.js';
import { lineLogger, type Logger } from '../runtime/log.js';
import { startLiveDemo, type LiveDemo } from '../sim/live/demo.js';
import { statusLine } from '../sim/live/status.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare demo [--port 7070] [--data-dir DIR] [--seed N] [--events]

A simulated 3x25 A home in real time: a heat pump, an induction hob and other appliances, 5 kWp
of PV, and two chargers that speak real OCPP (1.6 and 2.0.1) over loopback to ampshare's own
central system; its meter writes a real DSMR 5 telegram every second. The real controller shares
the fuse among the devices; the dashboard shows it. Ctrl-C stops it (fail-safe profiles first).
  --port N       the dashboard's port (default 7070; 0 picks a free one)
  --data-dir DIR keep history and run-time settings here (default: a temporary folder, removed on exit)
  --seed N       the household's, the clouds' and the cars' random seed (default 1)
  --events       print every event as it happens instead of a status line every 10 s
docs/demo.md explains what to watch.`;

const STATUS_EVERY_MS = 10_000;

interface DemoArgs {
  port: number;
  dataDir: string | undefined;
  seed: number;
  events: boolean;
}

function parse(args: string[]): DemoArgs | string {
  let values: { port?: string; 'data-dir'?: string; seed?: string; events?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        events: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  const port = Number(values.port ?? '7070');
  const seed = Number(values.seed ?? '1');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return `--port is a whole number from 0 to 65535, not "${values.port}"`;
  if (!Number.isInteger(seed)) return `--seed is a whole number, not "${values.seed}"`;
  return { port, dataDir: values['data-dir'], seed, events: values.events ?? false };
}

/** "EADDRINUSE" anywhere in the error's chain of causes. */
function portInUse(error: unknown): boolean {
  for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') return true;
  }
  return false;
}

export const command: Command = {
  summary: 'a simulated home with two OCPP chargers, in real time, with the dashboard',
  usage: USAGE,
  async run(args) {
    const parsed = parse(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`ampshare demo: ${parsed}\n\n${USAGE}\n`);
      return 2;
    }
    const out = (line: string): void => void process.stdout.write(`${line}\n`);
    const err = (line: string): void => void process.stderr.write(`${line}\n`);
    process.stdout.on('error', () => undefined);

    const bus = new EventBus((error, event) =>
      err(`ampshare demo: a listener failed on ${event.type}: ${String(error)}`),
    );
    if (parsed.events) {
      bus.onAny((event) => {
        if (logsEvent(event.type, { json: false, verbose: false })) out(formatEvent(event, Date.now()));
      });
    }
    // Warnings only: what the controller has to say goes on the bus (--events prints it).
    const log: Logger = { debug() {}, info() {}, warn: lineLogger(err).warn };

    let demo: LiveDemo;
    try {
      demo = await startLiveDemo({
        httpPort: parsed.port,
        seed: parsed.seed,
        bus,
        log,
        ...(parsed.dataDir !== undefined ? { dataDir: parsed.dataDir } : {}),
      });
    } catch (error) {
      if (portInUse(error)) {
        err(
          `ampshare demo: port ${parsed.port} is in use (another ampshare?); ` +
            `try --port ${parsed.port === 65535 ? 7071 : parsed.port + 1}, or --port 0 for any free port`,
        );
      } else err(`ampshare demo: cannot start: ${(error as Error).message}`);
      return 1;
    }
    out(`ampshare demo: dashboard at ${demo.url} (Ctrl-C to stop)`);

    const status = parsed.events
      ? null
      : setInterval(() => {
          const state = demo.controller.loop.live;
          if (state) out(statusLine(state, demo.world.snapshot));
        }, STATUS_EVERY_MS);

    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.once('SIGINT', () => process.exit(1));
        err(`ampshare demo: ${signal}: stopping (again to exit at once)`);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    if (status) clearInterval(status);
    await demo.stop();
    // Everything is closed; should a library still hold a handle, do not hang on it.
    setTimeout(() => process.exit(0), 2_000).unref();
    return 0;
  },
};
