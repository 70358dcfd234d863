// Charging sessions, followed cycle by cycle. A session of a charger starts when a car is plugged
// in (vehicleConnected true) or, for a station that does not say, when it starts drawing; it ends
// when the car is unplugged, or for a station that does not say, once it has drawn nothing for
// IDLE_END_MS (at the moment it stopped). The open row is updated every cycle inside the cycle's
// transaction, so a kill loses at most the cycle that was not committed; a session still open
// when the store opens again was cut by a restart and is closed at the last sample it saw.
import type { LiveState } from '../model/live.js';
import type { Logger } from '../model/logger.js';
import { devicePowerW } from './sample.js';
import type { Db } from './schema.js';

/** Above this a charger counts as drawing (a station idles at a few watts). */
export const DRAWING_W = 100;
/** A station that does not report the plug: this long without drawing ends the session. */
export const IDLE_END_MS = 30 * 60_000;

interface OpenSession {
  id: number;
  deviceId: string;
  startMs: number;
  lastMs: number;
  energyKWh: number;
  solarKWh: number;
  maxPowerW: number;
  /** Since when it has not drawn, while the plug is not reported; null while drawing. */
  idleSinceMs: number | null;
}

export class SessionTracker {
  readonly #open = new Map<string, OpenSession>();
  readonly #statements;
  readonly #openRows;

  constructor(db: Db, log: Logger) {
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO sessions (device_id, start_ms, end_ms, last_ms, energy_kwh, solar_kwh, max_power_w)
         VALUES (?, ?, NULL, ?, 0, 0, 0)`,
      ),
      update: db.prepare(
        'UPDATE sessions SET last_ms = ?, energy_kwh = ?, solar_kwh = ?, max_power_w = ? WHERE id = ?',
      ),
      end: db.prepare('UPDATE sessions SET end_ms = ? WHERE id = ?'),
    };
    this.#openRows = db.prepare('SELECT * FROM sessions WHERE end_ms IS NULL');
    const cut = db.prepare('UPDATE sessions SET end_ms = last_ms WHERE end_ms IS NULL').run().changes;
    if (cut > 0)
      log.info(`history: closed ${cut} charging session(s) left open by a restart at their last sample`);
  }

  /** Takes the open sessions from the database again (after a failed transaction). */
  reload(): void {
    this.#open.clear();
    const rows = this.#openRows.all() as {
      id: number;
      device_id: string;
      start_ms: number;
      last_ms: number;
      energy_kwh: number;
      solar_kwh: number;
      max_power_w: number;
    }[];
    for (const r of rows) {
      this.#open.set(r.device_id, {
        id: r.id,
        deviceId: r.device_id,
        startMs: r.start_ms,
        lastMs: r.last_ms,
        energyKWh: r.energy_kwh,
        solarKWh: r.solar_kwh,
        maxPowerW: r.max_power_w,
        idleSinceMs: null,
      });
    }
  }

  /**
   * One cycle; `dtMs` is the time since the previous cycle (capped). The solar part of what the
   * chargers draw is what the site does not import: max(0, ΣP − import), shared by power.
   */
  observe(state: LiveState, dtMs: number): void {
    const atMs = state.atMs;
    const drawing: { session: OpenSession; powerW: number }[] = [];
    const seen = new Set<string>();
    for (const device of state.devices) {
      if (device.kind !== 'charger') continue;
      seen.add(device.id);
      const powerW = Math.max(0, devicePowerW(device));
      let session = this.#open.get(device.id);
      if (session) {
        if (device.vehicleConnected === false) {
          this.#end(session, atMs);
          continue;
        }
        if (device.vehicleConnected === true || powerW > DRAWING_W) session.idleSinceMs = null;
        else if ((session.idleSinceMs ??= atMs) + IDLE_END_MS <= atMs) {
          this.#end(session, session.idleSinceMs);
          continue;
        }
      } else {
        const starts =
          device.vehicleConnected === true || (device.vehicleConnected === null && powerW > DRAWING_W);
        if (!starts) continue;
        session = this.#start(device.id, atMs);
      }
      drawing.push({ session, powerW });
    }
    for (const session of this.#open.values())
      if (!seen.has(session.deviceId)) this.#end(session, session.lastMs);

    const totalW = drawing.reduce((sum, d) => sum + d.powerW, 0);
    const importW = state.gridPowerW === null ? null : Math.max(0, state.gridPowerW);
    // Without a grid reading nothing is known to be solar.
    const solarW = importW === null ? 0 : Math.max(0, totalW - importW);
    const hours = dtMs / 3_600_000;
    for (const { session, powerW } of drawing) {
      session.energyKWh += (powerW * hours) / 1000;
      if (totalW > 0) session.solarKWh += (((solarW * powerW) / totalW) * hours) / 1000;
      session.maxPowerW = Math.max(session.maxPowerW, powerW);
      session.lastMs = atMs;
      this.#statements.update.run(atMs, session.energyKWh, session.solarKWh, session.maxPowerW, session.id);
    }
  }

  #start(deviceId: string, atMs: number): OpenSession {
    const id = Number(this.#statements.insert.run(deviceId, atMs, atMs).lastInsertRowid);
    const session: OpenSession = {
      id,
      deviceId,
      startMs: atMs,
      lastMs: atMs,
      energyKWh: 0,
      solarKWh: 0,
      maxPowerW: 0,
      idleSinceMs: null,
    };
    this.#open.set(deviceId, session);
    return session;
  }

  #end(session: OpenSession, endMs: number): void {
    this.#statements.end.run(endMs, session.id);
    this.#open.delete(session.deviceId);
  }
}
