// A time zone's UTC offsets from the system's zoneinfo files (TZif, RFC 8536: /usr/share/zoneinfo,
// or $TZDIR), read once per zone. local-time.ts asks here before it asks Intl: the first
// Intl.DateTimeFormat of a process loads ICU's locale data and pattern generator, about 8 MB of a
// daemon's resident memory for one number a quarter hour (docs/running.md, "Memory"). Where there
// are no zoneinfo files (Windows, slim containers), local-time.ts uses Intl as before.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ZoneRules {
  /** The zone's offset from UTC at timeMs, in ms (+3,600,000 for CET). */
  offsetMs(timeMs: number): number;
}

const DAY_S = 86_400;
/** An IANA name ("Europe/Brussels", "Etc/GMT+1", "UTC"): no dots, so never a path out of the folder. */
const ZONE_NAME = /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/;

/** The zone's rules from its TZif file, or null when there is none (or it is not TZif). */
export function readZone(
  name: string,
  dir = process.env['TZDIR'] || '/usr/share/zoneinfo',
): ZoneRules | null {
  if (!ZONE_NAME.test(name)) return null;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch {
    return null;
  }
  return parseTzif(bytes);
}

interface Header {
  timecnt: number;
  typecnt: number;
  size(timeBytes: number): number;
}

function header(bytes: Buffer, at: number): Header | null {
  if (bytes.length < at + 44 || bytes.toString('latin1', at, at + 4) !== 'TZif') return null;
  const [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = [0, 1, 2, 3, 4, 5].map((i) =>
    bytes.readUInt32BE(at + 20 + 4 * i),
  ) as [number, number, number, number, number, number];
  return {
    timecnt,
    typecnt,
    size: (t) => 44 + timecnt * (t + 1) + typecnt * 6 + charcnt + leapcnt * (t + 4) + isstdcnt + isutcnt,
  };
}

/** RFC 8536: version 2+ files repeat the data with 64-bit times, then a POSIX TZ footer. */
export function parseTzif(bytes: Buffer): ZoneRules | null {
  const v1 = header(bytes, 0);
  if (!v1) return null;
  const version = bytes[4] ?? 0;
  let at = 0;
  let h = v1;
  let timeBytes = 4;
  if (version >= 0x32) {
    at = v1.size(4);
    const v2 = header(bytes, at);
    if (!v2) return null;
    h = v2;
    timeBytes = 8;
  }
  const end = at + h.size(timeBytes);
  if (bytes.length < end || h.typecnt === 0) return null;
  let p = at + 44;
  const timesS: number[] = [];
  for (let i = 0; i < h.timecnt; i++, p += timeBytes)
    timesS.push(timeBytes === 8 ? Number(bytes.readBigInt64BE(p)) : bytes.readInt32BE(p));
  const types = [...bytes.subarray(p, p + h.timecnt)];
  p += h.timecnt;
  const utoffS: number[] = [];
  for (let i = 0; i < h.typecnt; i++, p += 6) utoffS.push(bytes.readInt32BE(p));
  let footer: PosixTz | null = null;
  if (timeBytes === 8 && bytes[end] === 0x0a) {
    const close = bytes.indexOf(0x0a, end + 1);
    footer = close > end + 1 ? parsePosixTz(bytes.toString('latin1', end + 1, close)) : null;
  }
  const lastS = timesS.at(-1) ?? -Infinity;
  return {
    offsetMs(timeMs) {
      const t = Math.floor(timeMs / 1000);
      if (footer && t >= lastS) return footer.offsetS(t) * 1000;
      // Before the first transition: time type 0 (RFC 8536 §3.2).
      let lo = 0;
      let hi = timesS.length - 1;
      let type = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (timesS[mid]! <= t) {
          type = types[mid] ?? 0;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return (utoffS[type] ?? 0) * 1000;
    },
  };
}

interface PosixTz {
  offsetS(timeS: number): number;
}

/** A rule's day of year Y: "Jn" (1–365, no 29 February), "n" (0–365), "Mm.w.d" (POSIX.1-2017 §8.3). */
type DateRule = (year: number) => number;

/** Days since 1970-01-01 of a date rule in year Y. */
function dateRule(text: string): DateRule | null {
  let m = /^J(\d{1,3})$/.exec(text);
  if (m) {
    const n = Number(m[1]);
    return (y) => {
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      return Date.UTC(y, 0, 1) / 86_400_000 + n - 1 + (leap && n >= 60 ? 1 : 0);
    };
  }
  m = /^(\d{1,3})$/.exec(text);
  if (m) {
    const n = Number(m[1]);
    return (y) => Date.UTC(y, 0, 1) / 86_400_000 + n;
  }
  m = /^M(\d{1,2})\.(\d)\.(\d)$/.exec(text);
  if (!m) return null;
  const [month, week, weekday] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (y) => {
    const first = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    const daysInMonth = new Date(Date.UTC(y, month, 0)).getUTCDate();
    let day = 1 + ((weekday - first + 7) % 7) + (week - 1) * 7;
    while (day > daysInMonth) day -= 7;
    return Date.UTC(y, month - 1, day) / 86_400_000;
  };
}

/** "[+-]hh[:mm[:ss]]" in seconds; RFC 8536 allows hours up to 167 in rule times. */
function hms(text: string): number | null {
  const m = /^([+-]?)(\d{1,3})(?::(\d{2}))?(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const s = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -s : s;
}

const NAME = '(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)';
const OFFSET = '[+-]?\\d{1,2}(?::\\d{2}){0,2}';
const POSIX = new RegExp(
  `^${NAME}(${OFFSET})(?:${NAME}(${OFFSET})?(?:,([^,/]+)(?:/([^,]+))?,([^,/]+)(?:/([^,]+))?)?)?$`,
);

/** A POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"); its offsets count west of Greenwich. */
export function parsePosixTz(text: string): PosixTz | null {
  const m = POSIX.exec(text);
  if (!m) return null;
  // 0 − x, not −x: UTC is +0, never −0.
  const stdS = 0 - (hms(m[1]!) ?? 0);
  if (m[3] === undefined) return { offsetS: () => stdS };
  const dstS = m[2] === undefined ? stdS + 3600 : 0 - (hms(m[2]) ?? 0);
  const start = dateRule(m[3]);
  const end = m[5] === undefined ? null : dateRule(m[5]);
  const startAtS = m[4] === undefined ? 7200 : hms(m[4]);
  const endAtS = m[6] === undefined ? 7200 : hms(m[6]);
  if (!start || !end || startAtS === null || endAtS === null) return null;
  return {
    offsetS(timeS) {
      const year = new Date((timeS + stdS) * 1000).getUTCFullYear();
      // Each change is given in the local time in force before it.
      const startS = start(year) * DAY_S + startAtS - stdS;
      const endS = end(year) * DAY_S + endAtS - dstS;
      const dst = startS < endS ? timeS >= startS && timeS < endS : timeS >= startS || timeS < endS;
      return dst ? dstS : stdS;
    },
  };
}
