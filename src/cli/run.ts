// `ampshare run`: the live controller. Loads the run configuration (a bad one exits 1 with every
// problem located), starts the controller, prints one line per event, and on SIGTERM / Ctrl-C
// puts every station at its fail-safe current before exiting.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/yaml.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { loadRunConfig } from '../runtime/config.js';
import type { RunConfig } from '../runtime/config-schema.js';
import { Controller } from '../runtime/controller.js';
import { formatEvent, jsonEvent, logsEvent } from '../runtime/event-log.js';
import { EventBus } from '../runtime/events.js';
import { lineLogger } from '../runtime/log.js';
import type { Command } from './main.js';

const USAGE = `usage: ampshare run --config site.yaml [--json-events] [--verbose]

Runs the controller: every meter telegram shares the connection's amps among the devices and sends
them their limits; the OCPP central system listens on ocpp.port. One line per event on stdout
(one JSON object per line with --json-events); log messages on stderr. --verbose adds each
station's confirmation of each limit (ocpp.limitAccepted) and debug messages.
SIGTERM or Ctrl-C sets every station's fail-safe profile, then exits (a second one exits at once).
Exit status: 0 after a clean shutdown, 1 for a bad configuration, a failed start or a station that
did not confirm its fail-safe, 2 for bad options. docs/running.md describes the configuration.`;

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
  /** Aborting shuts the controller down (fail-safe first); the reason names why. */
  signal: AbortSignal;
  clock?: Clock;
}

export async function runCommand(args: string[], io: RunIo): Promise<number> {
  let values: { config?: string; 'json-events'?: boolean; verbose?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        'json-events': { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
    }));
  } catch (error) {
    io.err(`ampshare run: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!values.config) {
    io.err(`ampshare run: --config is required\n\n${USAGE}`);
    return 2;
  }
  let config: RunConfig;
  try {
    config = loadRunConfig(values.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return 1;
  }

  const clock = io.clock ?? systemClock;
  const json = values['json-events'] ?? false;
  const verbose = values.verbose ?? false;
  const bus = new EventBus((error, event) =>
    io.err(`ampshare run: a listener failed on ${event.type}: ${String(error)}`),
  );
  bus.onAny((event) => {
    if (!logsEvent(event.type, { json, verbose })) return;
    io.out(json ? jsonEvent(event, clock.now()) : formatEvent(event, clock.now()));
  });
  let controller: Controller;
  try {
    controller = await Controller.start({
      config,
      bus,
      clock,
      log: lineLogger(io.err, { debug: verbose }),
    });
  } catch (error) {
    io.err(`ampshare run: cannot start: ${(error as Error).message}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const report = await controller.shutdown(String(io.signal.reason ?? 'stop'));
  return report && report.failed.length > 0 ? 1 : 0;
}

export const command: Command = {
  summary: 'run the controller: meter in, limits out to the devices (OCPP central system)',
  usage: USAGE,
  async run(args) {
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!stop.signal.aborted) return stop.abort(signal);
      process.stderr.write(`ampshare run: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // `ampshare run | head`: a closed stdout must not kill the controller.
    process.stdout.on('error', () => undefined);
    try {
      const status = await runCommand(args, {
        out: (line) => void process.stdout.write(`${line}\n`),
        err: (line) => void process.stderr.write(`${line}\n`),
        signal: stop.signal,
      });
      // Everything is closed; should a library still hold a handle, do not hang on it.
      setTimeout(() => process.exit(status), 2_000).unref();
      return status;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
