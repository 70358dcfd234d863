// Reading the history back: buckets of any resolution, sessions and events. second/minute/quarter
// are rows (plus the bucket still open in the writer, if any); hour/day/month are folded from
// quarter rows in the site's time zone, each bucket whole even where the range cuts it.
import {
  RESOLUTIONS,
  type ChargingSession,
  type HistoryPoint,
  type Resolution,
  type StoredEvent,
} from '../model/history.js';
import { bucketStartMs, nextBucketStartMs } from './buckets.js';
import { BUCKET_MS, fromRaw, isKept, selectSql, TABLES, type KeptResolution } from './rows.js';
import { DerivedBuckets } from './derived.js';
import { toPoint, type SampleRow } from './sample.js';
import type { Db } from './schema.js';

export interface EventQuery {
  /** 1..1000, default 100. */
  limit?: number;
  /** Only events older than this id (paging newest first). */
  beforeId?: number;
  type?: string;
}

export interface OpenBuckets {
  minute: SampleRow | null;
  quarter: SampleRow | null;
}

const NO_OPEN_BUCKETS = (): OpenBuckets => ({ minute: null, quarter: null });

interface DbSession {
  id: number;
  device_id: string;
  start_ms: number;
  end_ms: number | null;
  energy_kwh: number;
  solar_kwh: number;
  max_power_w: number;
}

interface DbEvent {
  id: number;
  at_ms: number;
  type: string;
  message: string;
  data: string;
}

export function toSession(r: DbSession): ChargingSession {
  return {
    id: r.id,
    deviceId: r.device_id,
    startMs: r.start_ms,
    endMs: r.end_ms,
    energyKWh: r.energy_kwh,
    solarShare: r.energy_kwh > 0 ? Math.min(1, Math.max(0, r.solar_kwh / r.energy_kwh)) : 0,
    maxPowerW: r.max_power_w,
  };
}

export function toEvent(r: DbEvent): StoredEvent {
  return {
    id: r.id,
    atMs: r.at_ms,
    type: r.type,
    message: r.message,
    data: JSON.parse(r.data) as StoredEvent['data'],
  };
}

export class HistoryReader {
  readonly #statements;
  readonly #derived: DerivedBuckets;

  constructor(
    private readonly db: Db,
    private readonly timeZone: () => string,
    private readonly openBuckets: () => OpenBuckets = NO_OPEN_BUCKETS,
  ) {
    const page = (table: string) =>
      db.prepare(selectSql(table, 't_ms >= ? AND t_ms < ? ORDER BY t_ms LIMIT ?')).raw(true);
    this.#statements = {
      rows: { second: page(TABLES.second), minute: page(TABLES.minute), quarter: page(TABLES.quarter) },
      sessions: db.prepare(
        `SELECT * FROM sessions WHERE start_ms < ? AND (end_ms IS NULL OR end_ms >= ?) ORDER BY start_ms, id`,
      ),
      sessionsAfter: db.prepare(
        `SELECT * FROM sessions WHERE start_ms >= ? AND start_ms < ? AND id > ? ORDER BY id LIMIT ?`,
      ),
      // Two statements: SQLite answers a lone min() or max() from the index, not both at once.
      firstQuarter: db.prepare(`SELECT min(t_ms) FROM ${TABLES.quarter}`).pluck(),
      lastQuarter: db.prepare(`SELECT max(t_ms) FROM ${TABLES.quarter}`).pluck(),
      deviceIds: db
        .prepare(
          `SELECT DISTINCT j.key FROM ${TABLES.quarter}, json_each(devices_w) AS j WHERE t_ms >= ? AND t_ms < ?`,
        )
        .pluck(),
      eventsAfter: db.prepare(
        `SELECT * FROM events WHERE at_ms >= ? AND at_ms < ? AND id > ? ORDER BY id LIMIT ?`,
      ),
    };
    this.#derived = new DerivedBuckets(
      (fromMs, toMs) => this.rows('quarter', fromMs, toMs),
      () => this.quarterExtent(),
    );
  }

  /** The quarter rows' span, the open quarter included (see DerivedBuckets). */
  quarterExtent(): { firstMs: number; lastMs: number; closedUntilMs: number } | null {
    const first = this.#statements.firstQuarter.get() as number | null;
    const last = this.#statements.lastQuarter.get() as number | null;
    const open = this.openBuckets().quarter;
    const closedUntilMs = last === null ? -Infinity : last + BUCKET_MS.quarter;
    if (first === null || last === null)
      return open ? { firstMs: open.tMs, lastMs: open.tMs, closedUntilMs } : null;
    return { firstMs: first, lastMs: Math.max(last, open?.tMs ?? last), closedUntilMs };
  }

  /** Kept rows with tMs in [fromMs, toMs), the open bucket included; at most `limit` rows. */
  rows(
    resolution: KeptResolution,
    fromMs: number,
    toMs: number,
    limit = Number.MAX_SAFE_INTEGER,
  ): SampleRow[] {
    const rows = (this.#statements.rows[resolution].all(fromMs, toMs, limit) as unknown[][]).map(fromRaw);
    const open = resolution === 'second' ? null : this.openBuckets()[resolution];
    const lastMs = rows[rows.length - 1]?.tMs ?? -Infinity;
    if (open && open.tMs >= fromMs && open.tMs < toMs && open.tMs > lastMs && rows.length < limit)
      rows.push(open);
    return rows;
  }

  /** The buckets overlapping [fromMs, toMs), oldest first. */
  history(resolution: Resolution, fromMs: number, toMs: number): HistoryPoint[] {
    if (!RESOLUTIONS.includes(resolution)) throw new RangeError(`unknown resolution "${String(resolution)}"`);
    if (!(toMs > fromMs)) return [];
    if (isKept(resolution)) {
      const startMs = Math.floor(fromMs / BUCKET_MS[resolution]) * BUCKET_MS[resolution];
      return this.rows(resolution, startMs, toMs).map(toPoint);
    }
    const zone = this.timeZone();
    const startMs = bucketStartMs(fromMs, resolution, zone);
    const endMs = nextBucketStartMs(bucketStartMs(toMs - 1, resolution, zone), resolution, zone);
    return this.#derived.buckets(resolution, zone, startMs, endMs).map(toPoint);
  }

  /** Sessions overlapping [fromMs, toMs) (a running one included), by start. */
  sessions(fromMs: number, toMs: number): ChargingSession[] {
    return (this.#statements.sessions.all(toMs, fromMs) as DbSession[]).map(toSession);
  }

  /** Sessions that started in [fromMs, toMs) with an id above `afterId`, by id (paging the CSV). */
  sessionsPage(fromMs: number, toMs: number, afterId: number, limit: number): ChargingSession[] {
    return (this.#statements.sessionsAfter.all(fromMs, toMs, afterId, limit) as DbSession[]).map(toSession);
  }

  /** Events newest first. */
  events(query: EventQuery = {}, range: { fromMs?: number; toMs?: number } = {}): StoredEvent[] {
    const conditions: [string, number | string | undefined][] = [
      ['id < ?', query.beforeId],
      ['type = ?', query.type],
      ['at_ms >= ?', range.fromMs],
      ['at_ms < ?', range.toMs],
    ];
    const used = conditions.filter((c): c is [string, number | string] => c[1] !== undefined);
    const where = used.map(([sql]) => sql);
    const params = used.map(([, value]) => value);
    const limit = Math.min(1000, Math.max(1, Math.floor(query.limit ?? 100)));
    const sql = `SELECT * FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as DbEvent[]).map(toEvent);
  }

  /** Events at [fromMs, toMs) with an id above `afterId`, oldest first (paging the CSV). */
  eventsPage(fromMs: number, toMs: number, afterId: number, limit: number): StoredEvent[] {
    return (this.#statements.eventsAfter.all(fromMs, toMs, afterId, limit) as DbEvent[]).map(toEvent);
  }

  /**
   * Every device id with a sample in [fromMs, toMs), sorted (the CSV's device columns). Read from
   * the quarter rows, whose devices are the union of their seconds', so a year costs 35,040 rows.
   */
  deviceIds(fromMs: number, toMs: number): string[] {
    const startMs = Math.floor(fromMs / BUCKET_MS.quarter) * BUCKET_MS.quarter;
    const ids = new Set(this.#statements.deviceIds.all(startMs, toMs) as string[]);
    const open = this.openBuckets().quarter;
    if (open && open.tMs < toMs) for (const id of Object.keys(open.devicesW)) ids.add(id);
    return [...ids].sort();
  }
}
