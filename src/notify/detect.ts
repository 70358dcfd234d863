// Bus events → notifications: ONE table says which event becomes which kind, with its subject,
// title and message. Two kinds need memory of what came before, kept here and nowhere else: a
// device's last status (running → paused is a pause, paused → running a resume) and which stations
// went offline (a connect is news only after a disconnect).
import type { AmpshareEvent, EventOf, EventType } from '../runtime/events.js';
import { describeEvent } from '../runtime/event-log.js';
import { formatDuration, type Notification, type NotificationKind } from './kinds.js';

type Found = Pick<Notification, 'kind' | 'subject' | 'title' | 'message'>;

class Memory {
  /** Each device's last status and since when (ms). */
  readonly devices = new Map<string, { status: string; sinceMs: number }>();
  /** Stations heard disconnecting, and when. */
  readonly offline = new Map<string, number>();
}

type Detect<K extends EventType> = (event: EventOf<K>, memory: Memory, nowMs: number) => Found | null;
type Table = { [K in EventType]?: Detect<K> };

const found = (kind: NotificationKind, subject: string, title: string, message: string): Found => ({
  kind,
  subject,
  title,
  message,
});

const DETECT: Table = {
  'overload.cut': (e) =>
    found('overload', `circuit ${e.circuit} ${e.phase}`, `Overload on ${e.circuit} ${e.phase}`, e.message),
  'device.setpoint': (e, memory, nowMs) => {
    const before = memory.devices.get(e.deviceId);
    if (before?.status === e.status) return null;
    memory.devices.set(e.deviceId, { status: e.status, sinceMs: nowMs });
    const subject = `device ${e.deviceId}`;
    if (before?.status === 'running' && e.status === 'paused') {
      return found('device.paused', subject, `${e.deviceId} paused`, e.reason);
    }
    if (before?.status === 'paused' && e.status === 'running') {
      const pausedFor = formatDuration(nowMs - before.sinceMs);
      const on = e.phases.join(',') || '–';
      return found(
        'device.resumed',
        subject,
        `${e.deviceId} resumed`,
        `${e.setpointA} A on ${on} after ${pausedFor} paused: ${e.reason}`,
      );
    }
    return null;
  },
  'device.ignoresLimit': (e) =>
    found('device.ignoresLimit', `device ${e.deviceId} limit`, `${e.deviceId} ignores its limit`, e.reason),
  'meter.stale': (e) => found('meter.stale', 'meter', 'Meter data stale', e.message),
  'meter.back': (e) => found('meter.back', 'meter', 'Meter data back', e.message),
  'ocpp.disconnected': (e, memory, nowMs) => {
    memory.offline.set(e.stationId, nowMs);
    return found('station.offline', `station ${e.stationId}`, `Station ${e.stationId} offline`, e.reason);
  },
  'ocpp.connected': (e, memory, nowMs) => {
    const sinceMs = memory.offline.get(e.stationId);
    if (sinceMs === undefined) return null;
    memory.offline.delete(e.stationId);
    return found(
      'station.online',
      `station ${e.stationId}`,
      `Station ${e.stationId} online`,
      `connected again (${e.protocol}) after ${formatDuration(nowMs - sinceMs)} offline`,
    );
  },
  'failsafe.entered': (e) =>
    found('failsafe', `failsafe ${e.cause}`, `Fail-safe (${e.cause})`, describeEvent(e)),
  'peak.monthly': (e) =>
    found('peak.monthly', 'peak', `New ${e.month} peak: ${(e.peakW / 1000).toFixed(2)} kW`, e.message),
};

/** Turns bus events into notifications (or nothing); keeps the memory the table needs. */
export class Detector {
  readonly #memory = new Memory();

  detect(event: AmpshareEvent, nowMs: number): Notification | null {
    const detect = DETECT[event.type] as Detect<EventType> | undefined;
    const hit = detect?.(event as never, this.#memory, nowMs);
    if (!hit) return null;
    return { ...hit, atMs: nowMs, event, counts: { [hit.kind]: 1 } };
  }
}

/** The event types the table reads (to skip the rest cheaply, e.g. the per-cycle state.updated). */
export const DETECTED_TYPES: ReadonlySet<EventType> = new Set(Object.keys(DETECT) as EventType[]);
