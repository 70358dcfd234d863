// Events as log lines, for `ampshare run`: one line per event, readable, or JSON with --json-events.
// The per-cycle `cycle.completed` is never logged (one per telegram; what changed is in
// device.setpoint and the other events). The readable log also leaves out each station's
// confirmation of each limit (ocpp.limitAccepted, renewals included) unless --verbose.
import type { AmpshareEvent, EventOf, EventType } from './events.js';
import { formatFields } from './log.js';

const NEVER: ReadonlySet<EventType> = new Set<EventType>(['cycle.completed', 'state.updated']);
const VERBOSE_ONLY: ReadonlySet<EventType> = new Set<EventType>(['ocpp.limitAccepted']);

export function logsEvent(type: EventType, options: { json: boolean; verbose: boolean }): boolean {
  if (NEVER.has(type)) return false;
  return options.json || options.verbose || !VERBOSE_ONLY.has(type);
}

const amps = (a: number | null): string => (a === null ? '–' : `${Math.round(a * 10) / 10} A`);

type Formatters = { [K in EventType]?: (event: EventOf<K>) => string };

/** A table, not a chain of ifs: events without an entry print their fields. */
const FORMATTERS: Formatters = {
  'controller.started': (e) =>
    `meter ${e.meter}${e.ocppPort === null ? '' : `, OCPP on port ${e.ocppPort}`}` +
    `${e.httpUrl === null ? '' : `, dashboard ${e.httpUrl}`}, devices ${e.devices.join(', ') || 'none'}`,
  'controller.stopping': (e) => `stopping (${e.reason})`,
  'meter.status': (e) => e.message,
  'meter.error': (e) => e.message,
  'meter.stale': (e) => e.message,
  'meter.back': (e) => e.message,
  'cycle.overrun': (e) => `${e.trigger} cycle took ${e.durationMs.toFixed(1)} ms (budget ${e.budgetMs} ms)`,
  'cycle.failed': (e) => e.error,
  'device.setpoint': (e) =>
    `${e.deviceId} ${e.previousA === null ? '' : `${amps(e.previousA)} → `}${amps(e.setpointA)} ${e.status}` +
    ` on ${e.phases.join(',') || '–'}: ${e.reason}`,
  'device.unavailable': (e) =>
    `${e.deviceId}: ${e.reason}${e.heldA === null ? '' : ` (may hold ${amps(e.heldA)})`}`,
  'device.available': (e) => `${e.deviceId} is under control again`,
  'device.phasesLearned': (e) => `${e.deviceId} sits on ${e.phases.join(', ')} (reported by the station)`,
  'device.ignoresLimit': (e) => `${e.deviceId}: ${e.reason}`,
  'device.followsLimit': (e) => `${e.deviceId} follows its limit again`,
  'allocator.warning': (e) => e.message,
  'failsafe.entered': (e) => `${e.cause}: ${e.reason}`,
  'failsafe.left': (e) => `${e.cause}: normal control`,
  'failsafe.confirmed': (e) =>
    `fail-safe confirmed by ${e.devices.join(', ') || 'none'}` +
    (e.failed.length > 0 ? `; NOT by ${e.failed.map((f) => `${f.deviceId} (${f.error})`).join(', ')}` : ''),
  'overload.cut': (e) => e.message,
  'peak.monthly': (e) => e.message,
  'settings.changed': (e) => `${e.origin}: ${e.message}`,
};

function clockTime(atMs: number): string {
  return new Date(atMs).toISOString().slice(11, 23);
}

/** The event as one human sentence, without time or type (the dashboard's timeline, notifications). */
export function describeEvent(event: AmpshareEvent): string {
  const format = FORMATTERS[event.type] as ((e: AmpshareEvent) => string) | undefined;
  if (format) return format(event);
  const { type, ...fields } = event;
  return `${type}${formatFields(fields)}`;
}

/** "12:00:01.250 device.setpoint cp1 16 A → 10 A running on L1,L2,L3: limited by main L2: …" */
export function formatEvent(event: AmpshareEvent, atMs: number): string {
  const format = FORMATTERS[event.type] as ((e: AmpshareEvent) => string) | undefined;
  if (format) return `${clockTime(atMs)} ${event.type} ${format(event)}`;
  const { type, ...fields } = event;
  return `${clockTime(atMs)} ${type}${formatFields(fields)}`;
}

/** {"at":"2025-06-01T10:00:01.250Z","type":"device.setpoint",…} */
export function jsonEvent(event: AmpshareEvent, atMs: number): string {
  return JSON.stringify({ at: new Date(atMs).toISOString(), ...event });
}
