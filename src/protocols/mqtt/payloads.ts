// What travels in MQTT payloads: values out (plain text, one value per topic, so neither Home
// Assistant nor anything else needs a template) and commands in (plain text, JSON strings accepted).
import { MODES, type Mode } from '../../site/schema.js';

/** A command payload that does not parse; published on BASE/error, never thrown at MQTT.js. */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadError';
  }
}

/** Home Assistant keeps at most 255 characters of a state (longer states are rejected). */
export const MAX_STATE_LENGTH = 255;

/** The payload Home Assistant's MQTT sensors and binary sensors read as "unknown". */
export const UNKNOWN = 'None';

/** The value at a dotted path ("meter.currentA.0"); undefined when any step is missing or null. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** One value as a payload: numbers rounded, booleans ON/OFF (binary_sensor's defaults), null and "" → None. */
export function formatValue(value: unknown, decimals = 2): string {
  if (value === null || value === undefined) return UNKNOWN;
  if (typeof value === 'boolean') return value ? 'ON' : 'OFF';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return UNKNOWN;
    const f = 10 ** decimals;
    // + 0 turns -0 into 0.
    return String(Math.round(value * f) / f + 0);
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // An empty retained payload would delete the topic's retained message instead of storing "".
  if (text === '') return UNKNOWN;
  return text.length > MAX_STATE_LENGTH ? `${text.slice(0, MAX_STATE_LENGTH - 1)}…` : text;
}

/** The payload as text: trimmed, and a JSON string ("\"pv\"") unquoted. */
export function commandText(payload: Buffer | string): string {
  const text = payload.toString().trim();
  if (text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'string') return parsed.trim();
    } catch {
      throw new PayloadError(`not a JSON string: ${text.slice(0, 40)}`);
    }
  }
  return text;
}

export function parseNumber(text: string): number {
  // Number('') is 0: an empty payload must not become 0 A.
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) throw new PayloadError(`expected a number, got "${text.slice(0, 40)}"`);
  return value;
}

export function parseInteger(text: string): number {
  const value = parseNumber(text);
  if (!Number.isInteger(value)) throw new PayloadError(`expected a whole number, got "${text.slice(0, 40)}"`);
  return value;
}

export function parseMode(text: string): Mode {
  const mode = MODES.find((m) => m === text.toLowerCase());
  if (!mode) throw new PayloadError(`expected one of ${MODES.join(', ')}, got "${text.slice(0, 40)}"`);
  return mode;
}

/** Not the empty payload: clearing a retained message publishes one, and that must not lift a limit. */
const NONE = new Set(['none', 'null', 'off']);

/** A number, or none/null/off for "no value": removes a run-time limit. */
export function parseOptionalNumber(text: string): number | null {
  return NONE.has(text.toLowerCase()) ? null : parseNumber(text);
}

/** The quarter-hour target: W, monthPeak, or none/null/off to switch peak control off. */
export function parsePeakTarget(text: string): number | 'monthPeak' | null {
  return text.toLowerCase() === 'monthpeak' ? 'monthPeak' : parseOptionalNumber(text);
}
