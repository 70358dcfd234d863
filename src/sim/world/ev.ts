// A charger with the cars that come to it. The car follows the charger's offer late (its response
// delay, 1–5 s as IEC 61851-1 allows), draws a little less than offered (~95 %), needs at least
// 6 A, and stops when it has what it asked for. A car left without current for a long time may
// fall asleep and, with some probability, not wake up again when current returns.
import type { SimEndpoint } from '../../devices/sim.js';
import type { PhaseValues } from '../../model/units.js';
import type { ChargerConfig } from '../../site/schema.js';
import { branchesFor, wattsPerBranchA, type Coupling } from '../physics/phasors.js';
import { childRandom } from '../random.js';
import type { EvSettings } from '../scenario/schema.js';
import { phaseIxs, type Load, type LoadRole } from './load.js';
import type { EvSession } from './sessions.js';

/** IEC 61851-1: below 6 A offered, a car does not charge. */
const MIN_OFFER_A = 6;
/** Command history kept for the response delay (a power of two above the longest delay). */
const HISTORY = 8;

export interface SessionOutcome {
  session: EvSession;
  deliveredKWh: number;
  /** Fell asleep and did not wake up. */
  asleep: boolean;
}

/**
 * Whether the car of a session is one that, once asleep, does not wake up again: a property of the
 * car and the session (keyed by the charger and the absolute arrival), drawn when it arrives, so
 * that which die is rolled never depends on when a controller paused it (docs/scenarios.md: the
 * controller's actions never shift the world's random draws).
 */
export function neverWakes(seed: number, session: EvSession, runStartS: number, ev: EvSettings): boolean {
  const arrivedS = runStartS + (session.arrivedS ?? session.arrivalS);
  return childRandom(seed, `car ${session.deviceId} arriving ${arrivedS}`)() < ev.noWakeProbability;
}

export class ChargerLoad implements Load, SimEndpoint {
  readonly role: LoadRole = 'ev';
  readonly name: string;
  readonly branches: Coupling[];
  readonly currentA: Float64Array;
  cosPhi = 1;
  powerW = 0;
  readonly outcomes: SessionOutcome[] = [];
  private readonly fullBranches: number;
  private readonly wattsFull: number;
  private readonly wattsOne: number;
  private readonly maxA: number;
  private readonly seed: number;
  private readonly startS: number;
  private readonly historyA = new Float64Array(HISTORY);
  private readonly historyPhases = new Uint8Array(HISTORY).fill(3);
  private commandA = 0;
  private commandPhases: 1 | 3 = 3;
  private next = 0;
  private session: EvSession | null = null;
  private deliveredKWh = 0;
  private pausedS = 0;
  private asleep = false;
  private neverWakes = false;
  private drawA = 0;
  private onePhase = false;
  private readonly measured: PhaseValues = [0, 0, 0];
  private readonly lineShare: Float64Array;

  constructor(
    readonly deviceId: string,
    charger: ChargerConfig,
    private readonly ev: EvSettings,
    private readonly sessions: EvSession[],
    readonly circuit: number,
    network: 'tn' | 'it',
    voltageV: number,
    seed: number,
    startMs: number,
  ) {
    this.name = deviceId;
    const phases = phaseIxs(charger.phases);
    const full = branchesFor(network, phases, ev.car.phases);
    const one = branchesFor(network, phases, 1);
    const sameOne = full.length === one.length && full.every((b, i) => b.every((v, k) => v === one[i]![k]));
    this.branches = sameOne ? full : [...full, ...one];
    this.fullBranches = full.length;
    this.currentA = new Float64Array(this.branches.length);
    this.wattsFull = full.reduce((s, b) => s + wattsPerBranchA(network, voltageV, b), 0);
    this.wattsOne = one.reduce((s, b) => s + wattsPerBranchA(network, voltageV, b), 0);
    this.maxA = Math.min(ev.car.maxA, charger.maxA);
    this.seed = seed;
    this.startS = startMs / 1000;
    // |coupling| per line: which lines a branch's current flows in.
    this.lineShare = new Float64Array(this.branches.length * 3);
    this.branches.forEach((b, i) => {
      for (let p = 0; p < 3; p++) this.lineShare[i * 3 + p] = Math.hypot(b[2 * p]!, b[2 * p + 1]!);
    });
  }

  command(currentA: number, phases: 1 | 3): void {
    this.commandA = currentA;
    this.commandPhases = phases;
  }

  get commandedA(): number {
    return this.commandA;
  }

  measuredA(): PhaseValues {
    this.measured[0] = this.measured[1] = this.measured[2] = 0;
    for (let b = 0; b < this.currentA.length; b++) {
      const a = this.currentA[b]!;
      if (a === 0) continue;
      for (let p = 0; p < 3; p++) this.measured[p as 0] += a * this.lineShare[b * 3 + p]!;
    }
    return this.measured;
  }

  vehicleConnected(): boolean {
    return this.session !== null;
  }

  energyKWh(): number | null {
    return this.session ? this.deliveredKWh : null;
  }

  /** The session now, if a car is connected. */
  get current(): EvSession | null {
    return this.session;
  }

  /** Most the car can draw per phase (car and charger), A. */
  get ratingA(): number {
    return this.maxA;
  }

  /** Most power the car can draw (its maximum current at its draw share, all its phases), W. */
  get maxPowerW(): number {
    return this.maxA * this.wattsFull * this.ev.drawShare;
  }

  step(tS: number, powered: boolean): void {
    if (tS > 0) {
      this.historyA[(tS - 1) & (HISTORY - 1)] = this.commandA;
      this.historyPhases[(tS - 1) & (HISTORY - 1)] = this.commandPhases;
    }
    if (this.session && tS >= this.session.departureS) this.finish();
    if (!this.session && this.next < this.sessions.length && this.sessions[this.next]!.arrivalS <= tS) {
      this.session = this.sessions[this.next++]!;
      this.deliveredKWh = 0;
      this.pausedS = 0;
      this.asleep = false;
      this.neverWakes = neverWakes(this.seed, this.session, this.startS, this.ev);
    }
    this.drawA = 0;
    const s = this.session;
    if (s) {
      const at = tS - s.responseDelayS;
      const offeredA = at >= 0 ? this.historyA[at & (HISTORY - 1)]! : 0;
      this.onePhase = at >= 0 && this.historyPhases[at & (HISTORY - 1)] === 1;
      const wants = this.deliveredKWh < s.energyKWh;
      if (offeredA < MIN_OFFER_A || !powered) {
        if (wants && ++this.pausedS >= this.ev.sleepAfterS) this.asleep = true;
      } else if (!this.asleep || !this.neverWakes) {
        this.asleep = false;
        this.pausedS = 0;
        if (wants) this.drawA = Math.min(offeredA, this.maxA) * this.ev.drawShare;
      }
    }
    this.currentA.fill(0);
    const watts = this.onePhase ? this.wattsOne : this.wattsFull;
    if (this.drawA > 0) {
      if (this.onePhase) this.currentA[this.branches.length - 1] = this.drawA;
      else for (let b = 0; b < this.fullBranches; b++) this.currentA[b] = this.drawA;
    }
    this.powerW = this.drawA * watts;
    this.deliveredKWh += this.powerW / 3.6e6;
  }

  /** Ends the session in progress (departure, or the end of the run). */
  finish(): void {
    if (!this.session) return;
    this.outcomes.push({
      session: this.session,
      deliveredKWh: this.deliveredKWh,
      asleep: this.asleep && this.neverWakes,
    });
    this.session = null;
    this.deliveredKWh = 0;
  }
}
