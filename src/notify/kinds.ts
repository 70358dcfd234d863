// What ampshare notifies about: a fixed list of kinds, each with how urgent it is and which problem
// it ends (a recovery). Which bus event becomes which kind is one table in detect.ts.
import type { AmpshareEvent } from '../runtime/events.js';

export const NOTIFICATION_KINDS = [
  'overload',
  'device.paused',
  'device.resumed',
  'meter.stale',
  'meter.back',
  'station.offline',
  'station.online',
  'failsafe',
  'peak.monthly',
  'device.ignoresLimit',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How many events of each kind one message stands for: {kind: 1} unless it is a summary. */
export type KindCounts = Partial<Record<NotificationKind, number>>;

export interface Notification {
  kind: NotificationKind;
  /** The condition it is about ("device car1", "meter", "station cp1"): flapping is judged per subject. */
  subject: string;
  title: string;
  message: string;
  /** When `event` happened. */
  atMs: number;
  /** The bus event the title is about (a summary's headline: see summary.ts). */
  event: AmpshareEvent;
  counts: KindCounts;
}

export interface KindInfo {
  /** ntfy's scale: 1 (min) … 3 (default) … 5 (max). */
  priority: 1 | 2 | 3 | 4 | 5;
  /** ntfy tags; the first known emoji short code shows in front of the title. */
  tags: readonly string[];
  /** A recovery: the problem kind it ends. A rule on the problem also gets its recovery. */
  ends?: NotificationKind;
}

export const KIND_INFO: Readonly<Record<NotificationKind, KindInfo>> = {
  overload: { priority: 5, tags: ['rotating_light', 'overload'] },
  'device.paused': { priority: 2, tags: ['pause_button'] },
  'device.resumed': { priority: 2, tags: ['arrow_forward'] },
  'meter.stale': { priority: 4, tags: ['warning', 'meter'] },
  'meter.back': { priority: 3, tags: ['white_check_mark', 'meter'], ends: 'meter.stale' },
  'station.offline': { priority: 4, tags: ['warning', 'electric_plug'] },
  'station.online': { priority: 3, tags: ['white_check_mark', 'electric_plug'], ends: 'station.offline' },
  failsafe: { priority: 5, tags: ['sos', 'failsafe'] },
  'peak.monthly': { priority: 3, tags: ['chart_with_upwards_trend'] },
  'device.ignoresLimit': { priority: 4, tags: ['no_entry', 'electric_plug'] },
};

/** The kinds a rule listing `kinds` hears: those, and the recoveries of the problems among them. */
export function withRecoveries(kinds: Iterable<NotificationKind>): Set<NotificationKind> {
  const out = new Set(kinds);
  for (const kind of NOTIFICATION_KINDS) {
    const ends = KIND_INFO[kind].ends;
    if (ends !== undefined && out.has(ends)) out.add(kind);
  }
  return out;
}

/** The total number of events a message stands for. */
export function countOf(counts: KindCounts): number {
  let total = 0;
  for (const n of Object.values(counts)) total += n ?? 0;
  return total;
}

export function addCounts(into: KindCounts, from: KindCounts): KindCounts {
  for (const kind of NOTIFICATION_KINDS) {
    const n = from[kind];
    if (n !== undefined) into[kind] = (into[kind] ?? 0) + n;
  }
  return into;
}

/** "42 s", "3 min", "2 h 5 min": how long something lasted, for people. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
