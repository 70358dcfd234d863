// The one Logger shape (drivers and the OCPP central system declare the same one structurally).
// Log lines are for people; what other parts must react to goes on the event bus instead.

import type { Logger } from '../model/logger.js';

export type { Logger };

export type LogLevel = 'debug' | 'info' | 'warn';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

/** One line per message: "warn OCPP connection refused stationId=CP-9 reason=…". */
export function lineLogger(write: (line: string) => void, options: { debug?: boolean } = {}): Logger {
  const line =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (level === 'debug' && !options.debug) return;
      write(`${level} ${message}${formatFields(fields)}`);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn') };
}

/** " key=value key2=value2", strings with spaces quoted; empty without fields. */
export function formatFields(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out += ` ${key}=${typeof value === 'string' && /[\s"=]/.test(text) ? JSON.stringify(text) : text}`;
  }
  return out;
}
