// A simulated charging station that is a real OCPP client (ocpp-rpc, strict schema validation,
// 1.6 or 2.0.1): it boots, reports its status, starts a transaction when a car is plugged in and
// ends it when the car leaves, answers the central system's configuration and smart-charging calls,
// and offers the car the limit of the profile in force (profiles.ts). The car (src/sim/devices.ts)
// follows that offer late and not quite fully, as cars do.
//
// The simulated world calls step() once a second: the car moves, and the station says what there
// is to say (status, transaction, meter values, heartbeat) on its one connection, in order, one
// call at a time. ocpp-rpc reconnects on its own when the central system goes away and comes back;
// the station then reports its status again and carries on with its transaction.
import { RPCClient } from '../../protocols/ocpp/rpc-lib.js';
import type { Clock } from '../../model/clock.js';
import type { Logger } from '../../model/logger.js';
import type { SimCar } from '../devices.js';
import { ProfileStore, type LimitInForce, type RunningTransaction } from './profiles.js';
import type { ChargerStatus, Dialect, MeterSample, StationModel } from './station-protocol.js';
import { settingsV16, settingsV201, type StationSettings } from './station-settings.js';
import { dialectV16 } from './station-v16.js';
import { dialectV201 } from './station-v201.js';

/** IEC 61851-1: a pilot signal cannot offer less than 6 A; below that the car pauses. */
const PILOT_MIN_A = 6;
const OPEN = 1;

export interface SimStationOptions {
  id: string;
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  phases: 1 | 3;
  /** Which grid phase each station phase sits on (R, S, T = L1, L2, L3): "RST", or "SRT" for L2 only. */
  rotation: string;
  /** The station's own limit per phase (its rating), A: what it offers without a profile. */
  maxA: number;
  voltageV: number;
  clock: Clock;
  log: Logger;
  vendor?: string;
  model?: string;
  /** Seconds between meter values until the central system sets its own (default 10). */
  meterIntervalS?: number;
  /** The station's energy register at start, Wh. */
  energyWh?: number;
}

/** A car at the station: the simulated EV, the id tag it authorises with, and how much it wants. */
export interface PluggedCar {
  car: SimCar;
  idTag: string;
  energyWantedKWh: number;
}

export class SimStation {
  readonly id: string;
  readonly protocol: 'ocpp1.6' | 'ocpp2.0.1';
  readonly settings: StationSettings;
  readonly profiles: ProfileStore;
  readonly #o: SimStationOptions;
  readonly #dialect: Dialect;
  readonly #stopping = new AbortController();
  #client: RPCClient | null = null;
  #connecting: Promise<void> | null = null;
  #car: PluggedCar | null = null;
  #tx: (RunningTransaction & { idTag: string }) | null = null;
  #drawA: number[];
  #offeredA = 0;
  #energyWh: number;
  #booted = false;
  #bootRetryAtMs = 0;
  #heartbeatDueMs = Number.POSITIVE_INFINITY;
  #meterDueMs = 0;
  #said: ChargerStatus | null = null;
  #work: Promise<void> | null = null;
  /** A transaction start in flight (settles when its answer is in, whatever it was). */
  #starting: Promise<void> | null = null;
  #again = false;
  #bootedResolve: () => void = () => undefined;
  /** Resolves once the central system has accepted the station's first BootNotification. */
  readonly booted = new Promise<void>((resolve) => (this.#bootedResolve = resolve));

  constructor(options: SimStationOptions) {
    this.#o = options;
    this.id = options.id;
    this.protocol = options.protocol;
    const settingsOptions = {
      phases: options.phases,
      rotation: options.rotation,
      maxStackLevel: 3,
      intervalS: options.meterIntervalS ?? 10,
    };
    this.settings =
      options.protocol === 'ocpp1.6' ? settingsV16(settingsOptions) : settingsV201(settingsOptions);
    this.profiles = new ProfileStore({
      connectors: 1,
      maxStackLevel: 3,
      voltageV: options.voltageV,
      phases: options.phases,
    });
    this.#drawA = Array.from({ length: options.phases }, () => 0);
    this.#energyWh = options.energyWh ?? 0;
    const model: StationModel = {
      id: options.id,
      vendor: options.vendor ?? 'ampshare',
      model: options.model ?? `SimCharger ${options.phases === 3 ? '11' : '3.7'} kW`,
      settings: this.settings,
      profiles: this.profiles,
      running: () => this.#tx,
      now: () => options.clock.now(),
    };
    this.#dialect = options.protocol === 'ocpp1.6' ? dialectV16(model) : dialectV201(model);
  }

  /** Connected to the central system now. */
  get online(): boolean {
    return this.#client?.state === OPEN;
  }

  get car(): PluggedCar | null {
    return this.#car;
  }

  get transaction(): RunningTransaction | null {
    return this.#tx;
  }

  /** The current per station phase the car draws now, A. */
  get drawA(): readonly number[] {
    return this.#drawA;
  }

  /** What the station offers the car now (the profile in force, capped by its rating), A. */
  get offeredA(): number {
    return this.#offeredA;
  }

  get status(): ChargerStatus {
    if (!this.#car) return 'Available';
    if (!this.#tx) return 'Preparing';
    if (this.#car.car.deliveredKWh >= this.#car.energyWantedKWh) return 'SuspendedEV';
    return this.#offeredA < PILOT_MIN_A ? 'SuspendedEVSE' : 'Charging';
  }

  /** The profile in force on the connector now; null: none (the station offers its rating). */
  limitInForce(nowMs = this.#o.clock.now()): LimitInForce | null {
    return this.profiles.limitAt(nowMs, 1, this.#tx);
  }

  /** Dials the central system (retrying until it answers); ocpp-rpc reconnects after that. */
  start(url: string): void {
    if (this.#client) throw new Error(`station ${this.id}: already started`);
    const client = new RPCClient({
      endpoint: url,
      identity: this.id,
      protocols: [this.protocol],
      strictMode: true,
      reconnect: true,
      callTimeoutMs: 10_000,
    });
    for (const [method, answer] of Object.entries(this.#dialect.answers)) {
      client.handle(method, async ({ params }) => {
        // The central system may send the session's first TxProfile right behind its answer to the
        // transaction's start: judge it once that answer (1.6: the transaction id) is in.
        if (method === 'SetChargingProfile') await this.#starting;
        return answer(params as Record<string, unknown>);
      });
    }
    client.on('open', () => {
      this.#o.log.debug('simulated station connected', { stationId: this.id });
      this.#dialect.connected();
      this.#said = null;
      this.#kick();
    });
    client.on('disconnect', (e) =>
      this.#o.log.debug('simulated station disconnected', { stationId: this.id, code: e.code ?? null }),
    );
    this.#client = client;
    this.#connecting = this.#connect(client);
  }

  plugIn(car: PluggedCar): void {
    this.#car = car;
    this.#kick();
  }

  unplug(): void {
    this.#car = null;
    this.#kick();
  }

  /** One second of the world: the car follows the offer; then whatever is due goes out. */
  step(tS: number): readonly number[] {
    const car = this.#car;
    if (!car) {
      this.#offeredA = 0;
      this.#drawA = this.#drawA.map(() => 0);
    } else {
      // Power flows only once the transaction runs (authorised).
      const limit = this.#tx ? (this.limitInForce()?.currentA ?? this.#o.maxA) : 0;
      this.#offeredA = Math.min(limit, this.#o.maxA);
      car.car.command(this.#offeredA);
      car.car.step(tS);
      this.#drawA = [...car.car.drawA()];
    }
    this.#energyWh += (this.#drawA.reduce((sum, a) => sum + a, 0) * this.#o.voltageV) / 3600;
    this.#kick();
    return this.#drawA;
  }

  /** Closes the connection (as a power cut would); resolves when nothing is left running. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#client?.close({ force: true }).catch(() => undefined);
    await this.#connecting;
    await this.#work;
  }

  #sample(): MeterSample {
    const powerW = this.#drawA.reduce((sum, a) => sum + a * this.#o.voltageV, 0);
    return { currentA: [...this.#drawA], powerW, energyWh: this.#energyWh };
  }

  async #connect(client: RPCClient): Promise<void> {
    let delayMs = 500;
    while (!this.#stopping.signal.aborted) {
      try {
        await client.connect();
        return;
      } catch (error) {
        this.#o.log.debug('simulated station cannot connect', { stationId: this.id, error: String(error) });
        await this.#o.clock.sleep(delayMs, this.#stopping.signal);
        delayMs = Math.min(delayMs * 2, 10_000);
      }
    }
  }

  /** Runs the conversation, one pass at a time; a kick during a pass asks for another. */
  #kick(): void {
    if (this.#stopping.signal.aborted) return;
    if (this.#work) {
      this.#again = true;
      return;
    }
    this.#work = (async () => {
      try {
        do {
          this.#again = false;
          await this.#converse();
        } while (this.#again && !this.#stopping.signal.aborted);
      } catch (error) {
        // A dropped connection or an unanswered call: the next second tries again.
        this.#o.log.debug('simulated station call failed', { stationId: this.id, error: String(error) });
      } finally {
        this.#work = null;
      }
    })();
  }

  /** Says what is due: boot, transaction start/end, status, meter values, heartbeat. */
  async #converse(): Promise<void> {
    const client = this.#client;
    if (!client || !this.online) return;
    const wire = { call: (method: string, params: unknown) => client.call(method, params) };
    const nowMs = (): number => this.#o.clock.now();
    if (!this.#booted) {
      if (nowMs() < this.#bootRetryAtMs) return;
      const boot = await this.#dialect.boot(wire);
      if (!boot.accepted) {
        // Pending or Rejected (1.6 §4.2, 2.0.1 B02/B03): try again after the interval.
        this.#bootRetryAtMs = nowMs() + Math.max(boot.intervalS, 1) * 1000;
        return;
      }
      this.#booted = true;
      this.#bootedResolve();
      // The heartbeat interval is the BootNotification answer's (1.6 §4.2, 2.0.1 B01).
      this.settings.setHeartbeatIntervalS(boot.intervalS);
      this.#heartbeatDueMs = nowMs() + this.settings.heartbeatIntervalS() * 1000;
    }
    const car = this.#car;
    if (car && !this.#tx) {
      await this.#dialect.status(wire, 'Preparing', null);
      this.#said = 'Preparing';
      const startMs = nowMs();
      const starting = this.#dialect
        .startTransaction(wire, car.idTag, this.#sample())
        .then((transactionId) => {
          this.#tx = { transactionId, startMs, idTag: car.idTag };
        });
      this.#starting = starting.catch(() => undefined);
      await starting.finally(() => (this.#starting = null));
      this.#meterDueMs = nowMs();
    }
    const tx = this.#tx;
    if (!car && tx) {
      await this.#dialect.stopTransaction(wire, tx.transactionId, tx.idTag, this.#sample());
      this.#tx = null;
      this.profiles.endTransaction(1);
    }
    const status = this.status;
    if (status !== this.#said) {
      await this.#dialect.status(wire, status, this.#tx?.transactionId ?? null);
      this.#said = status;
    }
    const intervalS = this.settings.sampleIntervalS();
    if (this.#tx && intervalS > 0 && nowMs() >= this.#meterDueMs) {
      this.#meterDueMs = nowMs() + intervalS * 1000;
      await this.#dialect.meterValues(wire, this.#tx.transactionId, status, this.#sample());
    }
    if (nowMs() >= this.#heartbeatDueMs) {
      this.#heartbeatDueMs = nowMs() + this.settings.heartbeatIntervalS() * 1000;
      await this.#dialect.heartbeat(wire);
    }
  }
}
