// The OCPP charger driver: one device = one connector (1.6) or EVSE (2.0.1) of a station on the
// central system. It clamps setpoints to what a charger can take, maps the station's per-phase
// measurements onto site phases, and runs the closed loop (does the station follow its limits?).
import { z } from 'zod';
import { PHASES, phaseIndex, wattsPerAmp, type Phase, type PhaseValues } from '../model/units.js';
import type { ConnectorHandle, ConnectorSnapshot } from '../protocols/ocpp/connector-handle.js';
import type {
  DeviceDriver,
  DeviceState,
  DriverContext,
  FailsafeCapable,
  PhaseSwitchCapable,
  Setpoint,
} from './driver.js';
import { judgeFollowing, pruneHistory, type LimitChange } from './follow.js';

/** IEC 61851-1: a charger's PWM signal cannot offer less than 6 A; below that is a pause. */
export const IEC_MIN_A = 6;

export const ocppDriverConfigSchema = z
  .strictObject({
    id: z.string().min(1),
    stationId: z.string().min(1),
    /** 1.6 connectorId; 2.0.1 evseId. */
    connector: z.number().int().positive().default(1),
    /** The site phase of each of the charger's phases, or `auto`: the station's reported rotation (3-phase). */
    phases: z.union([z.literal('auto'), z.array(z.enum(PHASES)).min(1).max(3)]),
    minA: z.number().finite().min(IEC_MIN_A).default(IEC_MIN_A),
    maxA: z.number().finite().positive(),
    /** What the station falls back to when ampshare is gone: 0 (stop) or at least 6 A. */
    failsafeA: z.number().finite().nonnegative().default(IEC_MIN_A),
    voltageV: z.number().finite().positive().default(230),
    /** The site's network (inherited from site.network): on it, two listed lines are one phase. */
    network: z.enum(['tn', 'it']).default('tn'),
    /** Every TxProfile runs out after this; renewed at half. The dead-man's reaction time. */
    profileDurationS: z.number().int().positive().default(60),
    /** After a lower limit, the station has this long before a higher draw counts against it. */
    followGraceS: z.number().finite().nonnegative().default(30),
    followToleranceA: z.number().finite().nonnegative().default(2),
  })
  .refine((c) => c.maxA >= c.minA, { message: 'maxA must be at least minA', path: ['maxA'] })
  .refine((c) => c.failsafeA === 0 || (c.failsafeA >= IEC_MIN_A && c.failsafeA <= c.maxA), {
    message: `failsafeA is 0 or between ${IEC_MIN_A} A and maxA`,
    path: ['failsafeA'],
  });

export type OcppDriverConfig = z.output<typeof ocppDriverConfigSchema>;

/** 0, or within [max(minA, 6), maxA] in tenths of an ampere, rounded down: never more than asked. */
export function clampSetpointA(requestA: number, minA: number, maxA: number): number {
  if (!Number.isFinite(requestA) || requestA <= 0) return 0;
  const tenths = Math.floor(Math.min(requestA, maxA) * 10 + 1e-9) / 10;
  return tenths < Math.max(minA, IEC_MIN_A) ? 0 : tenths;
}

export class OcppDriverError extends Error {
  constructor(deviceId: string, message: string) {
    super(`device ${deviceId} (ocpp): ${message}`);
    this.name = 'OcppDriverError';
  }
}

export class OcppCharger implements DeviceDriver, FailsafeCapable, PhaseSwitchCapable {
  readonly deviceId: string;
  readonly #handle: ConnectorHandle;
  readonly #unsubscribe: () => void;
  #limits: LimitChange[] = [];
  #follows: boolean | null = null;
  /** The energy register when the running transaction was first seen: session energy counts from it. */
  #session: { transactionId: string; startKWh: number | null } | null = null;
  #followReason: string | null = null;

  constructor(
    private readonly config: OcppDriverConfig,
    private readonly ctx: DriverContext,
  ) {
    this.deviceId = config.id;
    if (!ctx.ocpp) throw new OcppDriverError(config.id, 'needs the OCPP central system (an `ocpp:` section)');
    this.#handle = ctx.ocpp.connector(config.stationId, config.connector, {
      failsafeA: config.failsafeA,
      phases: this.#phaseCount(),
      voltageV: config.voltageV,
      network: config.network,
      profileDurationS: config.profileDurationS,
    });
    this.#unsubscribe = this.#handle.onChange((change) => {
      if (change === 'meter') this.#checkFollowing();
    });
  }

  apply(setpoint: Setpoint): void {
    const currentA = clampSetpointA(setpoint.currentA, this.config.minA, this.config.maxA);
    const phases = this.#phaseCount() === 1 ? 1 : setpoint.phases;
    const last = this.#limits.at(-1);
    if (last?.currentA !== currentA) {
      const nowMs = this.ctx.clock.now();
      this.#limits = pruneHistory([...this.#limits, { atMs: nowMs, currentA }], nowMs, this.#graceMs());
    }
    this.#handle.setLimit({ currentA, phases });
  }

  state(): DeviceState {
    const snap = this.#handle.snapshot();
    const phases = this.config.phases === 'auto' ? snap.rotation : this.config.phases;
    const measuredA = snap.connected && phases ? this.#measuredA(snap, phases) : null;
    return {
      connected: snap.connected,
      available: snap.connected && snap.usable && phases !== null && snap.refusal === null,
      vehicleConnected: snap.connected ? snap.vehicle : null,
      measuredA,
      powerW: snap.connected ? snap.meter.powerW : null,
      energyKWh: this.#sessionEnergyKWh(snap),
      soc: snap.connected ? snap.meter.soc : null,
      follows: snap.connected ? this.#follows : null,
      reason: this.#reason(snap, phases),
      heldA: snap.connected ? null : this.#heldA(snap),
      phases,
    };
  }

  /**
   * Energy.Active.Import.Register is the station's lifetime register (OCPP 1.6 §7.31); this
   * session's energy is its rise since the transaction began (1.6: StartTransaction's meterStart;
   * else the first register seen in the transaction). null without a transaction.
   */
  #sessionEnergyKWh(snap: ConnectorSnapshot): number | null {
    const tx = snap.transactionId;
    if (tx === null) {
      this.#session = null;
      return null;
    }
    if (this.#session?.transactionId !== tx)
      this.#session = { transactionId: tx, startKWh: snap.transactionStartKWh ?? snap.meter.energyKWh };
    else this.#session.startKWh ??= snap.meter.energyKWh;
    const { startKWh } = this.#session;
    const nowKWh = snap.meter.energyKWh;
    return startKWh === null || nowKWh === null ? null : Math.max(0, nowKWh - startKWh);
  }

  failsafe(): Promise<void> {
    return this.#handle.failsafe();
  }

  canSwitchPhases(): boolean {
    return this.#handle.snapshot().phaseSwitching;
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.#handle.release();
  }

  /**
   * The station's own phase count, for numberPhases and A → W: 1 for one listed phase, and for two
   * listed lines on an it network (a 1-phase station between two lines, site/load.ts); else 3.
   */
  #phaseCount(): 1 | 3 {
    const phases = this.config.phases;
    if (phases === 'auto') return 3;
    return phases.length === 1 || (this.config.network === 'it' && phases.length === 2) ? 1 : 3;
  }

  #graceMs(): number {
    return this.config.followGraceS * 1000;
  }

  /**
   * Connector phases onto site phases; an unphased current or only a power reading are spread
   * evenly. A 1-phase station between two lines (it) puts its one current on both.
   */
  #measuredA(snap: ConnectorSnapshot, phases: readonly Phase[]): PhaseValues | null {
    const { currentA, currentUnphasedA, powerW } = snap.meter;
    if (snap.meterAtMs === null) return null;
    const between = this.#phaseCount() === 1 && phases.length === 2;
    // Power → line current, as the site model counts a load on these lines.
    const wattsPerA = wattsPerAmp(this.config.network, this.config.voltageV, phases.length);
    const fromPowerA = powerW === null ? null : powerW / wattsPerA;
    const perPhase = phases.map((_, i) => currentA[between ? 0 : i] ?? currentUnphasedA ?? fromPowerA);
    if (perPhase.every((a) => a === null)) return null;
    const site: PhaseValues = [0, 0, 0];
    phases.forEach((phase, i) => {
      site[phaseIndex(phase)] += perPhase[i] ?? 0;
    });
    return site;
  }

  #heldA(snap: ConnectorSnapshot): number {
    // Never accepted a profile: whatever the station does on its own, up to the device's maximum.
    if (!snap.held) return this.config.maxA;
    return this.ctx.clock.now() < snap.held.untilMs ? snap.held.currentA : this.config.failsafeA;
  }

  #reason(snap: ConnectorSnapshot, phases: readonly Phase[] | null): string | null {
    const where = `station ${snap.stationId} connector ${snap.connectorId}`;
    if (!snap.connected) return `${where} is not connected`;
    if (!snap.usable) return `${where} reports ${snap.status}`;
    if (!phases) return `${where} reports no phase rotation; set \`phases\` in the configuration`;
    if (snap.refusal !== null) return `${where} refuses charging profiles (${snap.refusal})`;
    if (this.#follows === false) return this.#followReason;
    return null;
  }

  #checkFollowing(): void {
    const snap = this.#handle.snapshot();
    if (!snap.connected || snap.meterAtMs === null) return;
    const phases = this.config.phases === 'auto' ? snap.rotation : this.config.phases;
    const measured = phases ? this.#measuredA(snap, phases) : null;
    if (!measured) return;
    const verdict = judgeFollowing(this.#limits, Math.max(...measured), snap.meterAtMs, {
      graceMs: this.#graceMs(),
      toleranceA: this.config.followToleranceA,
    });
    if (!verdict) return;
    const was = this.#follows;
    this.#follows = verdict.follows;
    if (verdict.follows) {
      if (was !== false) return;
      this.#followReason = null;
      this.ctx.log.info('device follows its limit again', { deviceId: this.deviceId });
      this.ctx.emit({ type: 'device.followsLimit', deviceId: this.deviceId });
      return;
    }
    if (was === false) return;
    this.#followReason =
      `station ${snap.stationId} connector ${snap.connectorId} draws ${verdict.measuredA.toFixed(1)} A ` +
      `against a limit of ${verdict.allowedA.toFixed(1)} A (tolerance ${this.config.followToleranceA} A, ` +
      `grace ${this.config.followGraceS} s): counted as base load at its measured draw`;
    this.ctx.log.warn('device ignores its limit', { deviceId: this.deviceId, reason: this.#followReason });
    this.ctx.emit({
      type: 'device.ignoresLimit',
      deviceId: this.deviceId,
      reason: this.#followReason,
      limitA: verdict.allowedA,
      measuredA: verdict.measuredA,
    });
  }
}

export const ocppDriver = {
  configSchema: ocppDriverConfigSchema,
  create: (config: OcppDriverConfig, context: DriverContext): OcppCharger => new OcppCharger(config, context),
};
