// Writes the samples: the second row of every cycle (upserted, so every commit holds the cycle),
// and the minute and quarter rows as their buckets close, each the fold of its second rows. The
// open minute and quarter live in memory; after a restart they are rebuilt from the second rows,
// which are kept long enough (≥ 1 h) for that. Retention runs as buckets close: a range delete on
// the primary key, a minute's or a quarter's worth of rows at a time.
import type { Logger } from '../model/logger.js';
import type { HistoryConfig } from './config.js';
import { BUCKET_MS, fromRaw, selectSql, TABLES, toDb, upsertSql } from './rows.js';
import { Accumulator, type SampleRow } from './sample.js';
import type { Db } from './schema.js';

const floorTo = (tMs: number, bucketMs: number): number => Math.floor(tMs / bucketMs) * bucketMs;

/**
 * The minute or quarter holding the second `lastMs` as far as its second rows go, when it has no
 * row yet (it has not closed): what a restart resumes, and what a read-only reader shows as open.
 */
export function openBucket(db: Db, resolution: 'minute' | 'quarter', lastMs: number): Accumulator | null {
  const startMs = floorTo(lastMs, BUCKET_MS[resolution]);
  if (db.prepare(`SELECT 1 FROM ${TABLES[resolution]} WHERE t_ms = ?`).get(startMs) !== undefined)
    return null;
  const seconds = db
    .prepare(selectSql(TABLES.second, 't_ms >= ? AND t_ms < ? ORDER BY t_ms'))
    .raw(true)
    .all(startMs, startMs + BUCKET_MS[resolution]) as unknown[][];
  const bucket = new Accumulator(startMs);
  for (const row of seconds) bucket.add(fromRaw(row), 1);
  return bucket.empty ? null : bucket;
}

/**
 * The open buckets of a database someone else writes (a read-only store), read again only when a
 * new second arrived: a long export asks once per page.
 */
export function openBucketsReader(db: Db): () => { minute: SampleRow | null; quarter: SampleRow | null } {
  const lastSecond = db.prepare(`SELECT max(t_ms) FROM ${TABLES.second}`).pluck();
  let seen: {
    lastMs: number | null;
    buckets: { minute: SampleRow | null; quarter: SampleRow | null };
  } | null = null;
  return () => {
    const lastMs = lastSecond.get() as number | null;
    if (seen?.lastMs !== lastMs) {
      const buckets =
        lastMs === null
          ? { minute: null, quarter: null }
          : {
              minute: openBucket(db, 'minute', lastMs)?.result() ?? null,
              quarter: openBucket(db, 'quarter', lastMs)?.result() ?? null,
            };
      seen = { lastMs, buckets };
    }
    return seen.buckets;
  };
}

export class SampleWriter {
  #second: Accumulator | null = null;
  #minute: Accumulator | null = null;
  #quarter: Accumulator | null = null;
  /** Samples before this second are dropped: time must move on (a restart, a clock set back). */
  #floorMs = -Infinity;
  #dropping = false;
  readonly #statements;

  constructor(
    private readonly db: Db,
    private readonly config: HistoryConfig,
    private readonly log: Logger,
    /** Called as each quarter closes, inside the cycle's transaction, with the sample's time. */
    private readonly onQuarterClosed: (nowMs: number) => void = () => undefined,
  ) {
    this.#statements = {
      second: db.prepare(upsertSql(TABLES.second)),
      minute: db.prepare(upsertSql(TABLES.minute)),
      quarter: db.prepare(upsertSql(TABLES.quarter)),
      pruneSeconds: db.prepare(`DELETE FROM ${TABLES.second} WHERE t_ms < ?`),
      pruneMinutes: db.prepare(`DELETE FROM ${TABLES.minute} WHERE t_ms < ?`),
      lastSecond: db.prepare(`SELECT max(t_ms) AS t FROM ${TABLES.second}`).pluck(),
    };
    this.#restore();
  }

  /** Forgets what memory holds and takes it from the database again (after a failed transaction). */
  reload(): void {
    this.#second = this.#minute = this.#quarter = null;
    this.#floorMs = -Infinity;
    this.#restore();
  }

  /** Rebuilds the open minute and quarter from the second rows of the last run. */
  #restore(): void {
    const last = this.#statements.lastSecond.get() as number | null;
    if (last === null) return;
    this.#floorMs = last + BUCKET_MS.second;
    this.#minute = openBucket(this.db, 'minute', last);
    this.#quarter = openBucket(this.db, 'quarter', last);
  }

  /** Adds one cycle's sample; call inside the cycle's transaction. false when it was dropped. */
  add(sample: SampleRow): boolean {
    const secondMs = floorTo(sample.tMs, BUCKET_MS.second);
    if (secondMs < this.#floorMs) {
      if (!this.#dropping) {
        this.log.warn('history: a sample older than the last stored second is dropped (clock set back?)', {
          atMs: sample.tMs,
          lastMs: this.#floorMs - BUCKET_MS.second,
        });
      }
      this.#dropping = true;
      return false;
    }
    this.#dropping = false;
    if (this.#second && this.#second.tMs !== secondMs) {
      this.#feed(this.#second.result(1));
      this.#second = null;
      // Later samples must not reopen a second that closed.
      this.#floorMs = secondMs;
    }
    if (this.#minute && this.#minute.tMs !== floorTo(secondMs, BUCKET_MS.minute))
      this.#closeMinute(sample.tMs);
    if (this.#quarter && this.#quarter.tMs !== floorTo(secondMs, BUCKET_MS.quarter)) {
      this.#closeQuarter(sample.tMs);
    }
    this.#second ??= new Accumulator(secondMs);
    this.#second.add(sample, 1);
    this.#statements.second.run(toDb(this.#second.result(1)));
    return true;
  }

  /** A closed second goes into the open minute and quarter. */
  #feed(row: SampleRow): void {
    (this.#minute ??= new Accumulator(floorTo(row.tMs, BUCKET_MS.minute))).add(row, 1);
    (this.#quarter ??= new Accumulator(floorTo(row.tMs, BUCKET_MS.quarter))).add(row, 1);
  }

  #closeMinute(nowMs: number): void {
    const minute = this.#minute;
    this.#minute = null;
    if (minute && !minute.empty) this.#statements.minute.run(toDb(minute.result()));
    this.#statements.pruneSeconds.run(nowMs - this.config.keepSecondsH * 3_600_000);
  }

  #closeQuarter(nowMs: number): void {
    const quarter = this.#quarter;
    this.#quarter = null;
    if (quarter && !quarter.empty) this.#statements.quarter.run(toDb(quarter.result()));
    this.#statements.pruneMinutes.run(nowMs - this.config.keepMinutesDays * 86_400_000);
    this.onQuarterClosed(nowMs);
  }

  /** The buckets still open (not yet rows), the second in progress included, for queries. */
  open(): { minute: SampleRow | null; quarter: SampleRow | null } {
    const second = this.#second && !this.#second.empty ? this.#second.result(1) : null;
    const fold = (bucket: Accumulator | null, resolution: 'minute' | 'quarter'): SampleRow | null => {
      const rows = bucket && !bucket.empty ? [bucket.result()] : [];
      const startMs = bucket?.tMs ?? (second ? floorTo(second.tMs, BUCKET_MS[resolution]) : null);
      if (second && floorTo(second.tMs, BUCKET_MS[resolution]) === startMs) rows.push(second);
      if (startMs === null || rows.length === 0) return null;
      const now = new Accumulator(startMs);
      for (const row of rows) now.add(row);
      return now.result();
    };
    return { minute: fold(this.#minute, 'minute'), quarter: fold(this.#quarter, 'quarter') };
  }
}
