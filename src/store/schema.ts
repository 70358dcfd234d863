// The database file: opening it with the pragmas ampshare relies on, and the schema's versions.
// The version lives in PRAGMA user_version; MIGRATIONS lists how to reach each one from the one
// before, so a later ampshare adds an entry here and never edits an old one.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const DB_FILE = 'ampshare.db';

/** Something wrong with the history database; names the file. */
export class StoreError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'StoreError';
  }
}

/** The three kept resolutions share one shape (docs/history.md lists the columns). */
const sampleTable = (name: string): string => `
  CREATE TABLE ${name} (
    t_ms INTEGER PRIMARY KEY,
    n INTEGER NOT NULL,
    import_w REAL NOT NULL,
    export_w REAL NOT NULL,
    pv_w REAL,
    l1_a REAL, l2_a REAL, l3_a REAL,
    l1_max_a REAL, l2_max_a REAL, l3_max_a REAL,
    limit_a REAL NOT NULL,
    import_kwh REAL NOT NULL,
    export_kwh REAL NOT NULL,
    devices_w TEXT NOT NULL
  ) WITHOUT ROWID;`;

interface Migration {
  version: number;
  summary: string;
  up(db: Db): void;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'samples per second, minute and quarter hour; charging sessions; events; meta',
    up: (db) =>
      db.exec(`
        ${sampleTable('samples_second')}
        ${sampleTable('samples_minute')}
        ${sampleTable('samples_quarter')}
        CREATE TABLE sessions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          device_id TEXT NOT NULL,
          start_ms INTEGER NOT NULL,
          end_ms INTEGER,
          last_ms INTEGER NOT NULL,
          energy_kwh REAL NOT NULL,
          solar_kwh REAL NOT NULL,
          max_power_w REAL NOT NULL
        );
        CREATE INDEX sessions_start ON sessions (start_ms);
        CREATE INDEX sessions_open ON sessions (end_ms) WHERE end_ms IS NULL;
        CREATE TABLE events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at_ms INTEGER NOT NULL,
          type TEXT NOT NULL,
          message TEXT NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX events_type ON events (type, id);
        CREATE INDEX events_at ON events (at_ms);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      `),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

function migrate(db: Db, path: string, log: (message: string) => void): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      path,
      `schema version ${current} is newer than this ampshare knows (${SCHEMA_VERSION}); upgrade ampshare`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    log(`history: migrated ${path} to schema ${migration.version} (${migration.summary})`);
  }
}

export interface OpenOptions {
  readOnly: boolean;
  log: (message: string) => void;
}

/** Opens (read-write: creating the directory and file, migrating) the database in `dataDir`. */
export function openDatabase(dataDir: string, options: OpenOptions): { db: Db; path: string } {
  const path = resolve(join(dataDir, DB_FILE));
  if (options.readOnly && !existsSync(path)) throw new StoreError(path, 'no history database here');
  if (!options.readOnly) mkdirSync(dataDir, { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readOnly, fileMustExist: options.readOnly });
  } catch (err) {
    throw new StoreError(path, `cannot open: ${(err as Error).message}`);
  }
  try {
    if (options.readOnly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        throw new StoreError(path, `schema version ${version}, this ampshare reads ${SCHEMA_VERSION}`);
      }
      return { db, path };
    }
    // Small pages for a new file: every cycle appends its changed pages to the WAL (the second
    // row's, the sessions'), ~3.7 KB a cycle with 1 KiB pages against ~10 KB with 4 KiB ones,
    // a third of the writes an SD card sees. Ignored once the file has tables.
    db.pragma('page_size = 1024');
    db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL: a commit is a write() of its frames to the -wal file, which the
    // OS holds once the call returns, so a committed transaction survives kill -9 of this process
    // (the next open replays the WAL). What NORMAL gives up against FULL is the fsync per commit:
    // a power cut or kernel crash may lose the last commits since a checkpoint, never the file's
    // consistency. FULL would fsync every second, wearing an SD card for a guarantee a meter
    // history does not need (docs/history.md, "Durability").
    db.pragma('synchronous = NORMAL');
    // Only another writer can make us wait; the control loop must not wait long for it.
    db.pragma('busy_timeout = 1000');
    db.pragma('foreign_keys = ON');
    migrate(db, path, options.log);
    return { db, path };
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(path, (err as Error).message);
  }
}
