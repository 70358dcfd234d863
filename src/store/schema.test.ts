// The database file: created with its directory, migrated from an empty file, reopened as it is,
// refused when newer than this code; read-only opening for the export command.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HistoryStore } from './history.js';
import { SCHEMA_VERSION, StoreError } from './schema.js';
import { aState, tempDir } from './test-support/states.js';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

describe('history database file', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('creates the directory and the file, in WAL mode, at the current schema', () => {
    const dataDir = join(tmp.dir, 'nested', 'data');
    const messages: string[] = [];
    const store = HistoryStore.open({
      dataDir,
      log: { debug: () => undefined, info: (m) => messages.push(m), warn: (m) => messages.push(m) },
    });
    assert.equal(store.path, join(dataDir, 'ampshare.db'));
    assert.ok(existsSync(store.path));
    store.close();
    const db = new Database(join(dataDir, 'ampshare.db'), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    db.close();
    assert.match(messages.join('\n'), /migrated .*ampshare\.db to schema 1/);
  });

  it('migrates an empty database file and reopens an existing one without touching its rows', () => {
    const path = join(tmp.dir, 'ampshare.db');
    new Database(path).close();
    const first = HistoryStore.open({ dataDir: tmp.dir });
    first.record(aState({ atMs: T0 }));
    first.recordEvent({ type: 'meter.error', message: 'x' }, T0);
    first.close();
    const messages: string[] = [];
    const again = HistoryStore.open({
      dataDir: tmp.dir,
      log: { debug: () => undefined, info: (m) => messages.push(m), warn: (m) => messages.push(m) },
    });
    assert.deepEqual(messages, [], 'nothing to migrate');
    assert.equal(again.history('second', T0, T0 + 1000).length, 1);
    assert.equal(again.events().length, 1);
    again.close();
  });

  it('refuses a database from a newer ampshare, naming the file', () => {
    const path = join(tmp.dir, 'ampshare.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(
      () => HistoryStore.open({ dataDir: tmp.dir }),
      (err: unknown) =>
        err instanceof StoreError &&
        err.path === path &&
        /schema version 2 is newer than this ampshare knows \(1\)/.test(err.message),
    );
  });

  it('opens read-only beside a writer, and says when there is no database', () => {
    assert.throws(
      () => HistoryStore.open({ dataDir: tmp.dir, readOnly: true }),
      new RegExp(`${join(tmp.dir, 'ampshare.db').replaceAll('/', '\\/')}: no history database here`),
    );
    assert.ok(!existsSync(join(tmp.dir, 'ampshare.db')), 'a read-only open creates nothing');
    const writer = HistoryStore.open({ dataDir: tmp.dir });
    writer.record(aState({ atMs: T0 }));
    const reader = HistoryStore.open({ dataDir: tmp.dir, readOnly: true });
    assert.equal(reader.history('second', T0, T0 + 1000).length, 1);
    writer.record(aState({ atMs: T0 + 1000 }));
    assert.equal(reader.history('second', T0, T0 + 2000).length, 2, 'sees the writer’s commits');
    assert.throws(() => reader.record(aState({ atMs: T0 + 2000 })), /opened read-only/);
    reader.close();
    writer.close();
  });
});
