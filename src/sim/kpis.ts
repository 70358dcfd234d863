// The scorecard's accumulators (contract 3): energy and its cost per local hour's price,
// quarter-hour averages and each month's peak (the capacity tariff), PV self-consumption, and the
// sessions' outcome against a reference (the optimum's delivery, else the feasibility bound).
import type { RunCalendar } from './calendar.js';
import { hourOf } from './calendar.js';
import type { Kpis, PolicyName, SessionTrace } from './run-types.js';
import type { SimSettings } from './scenario/schema.js';
import type { SessionOutcome } from './world/ev.js';

const QUARTER_S = 900;
const YEAR_S = 365 * 86_400;
/** A session short by more than this is short. */
export const SHORT_KWH = 0.1;

export class KpiAccumulator {
  trips = 0;
  overloadSeconds = 0;
  maxPhaseCurrentA = 0;
  startStops = 0;
  outageSeconds = 0;
  importKWh = 0;
  exportKWh = 0;
  pvKWh = 0;
  energyEUR = 0;
  /** Average import per quarter (index = quarter of the run), W. */
  readonly quarterW: Float32Array;
  private readonly monthPeakW = new Map<number, number>();
  private readonly monthSeconds = new Map<number, number>();
  private quarterWs = 0;
  private quarterSeconds = 0;
  private quarter = -1;
  private quarterMonth = 0;
  private readonly firstQuarter: number;

  constructor(
    private readonly cal: RunCalendar,
    private readonly prices: SimSettings['prices'],
    seconds: number,
  ) {
    this.firstQuarter = Math.floor(cal.offsetS / QUARTER_S);
    this.quarterW = new Float32Array(Math.ceil((seconds + cal.offsetS) / QUARTER_S) - this.firstQuarter);
  }

  /** One second at net import `netW` (W, export negative) with PV producing `pvW`. */
  second(tS: number, netW: number, pvW: number): void {
    const h = hourOf(this.cal, tS);
    const month = this.cal.monthIndex[h]!;
    const price = this.prices.importEURPerKWh;
    const importPrice = typeof price === 'number' ? price : price[this.cal.localHour[h]!]!;
    if (netW > 0) {
      this.importKWh += netW / 3.6e6;
      this.energyEUR += (netW / 3.6e6) * importPrice;
    } else {
      this.exportKWh -= netW / 3.6e6;
      this.energyEUR += (netW / 3.6e6) * this.prices.exportEURPerKWh;
    }
    this.pvKWh += pvW / 3.6e6;
    this.monthSeconds.set(month, (this.monthSeconds.get(month) ?? 0) + 1);
    const q = Math.floor((tS + this.cal.offsetS) / QUARTER_S);
    if (q !== this.quarter) {
      this.closeQuarter();
      this.quarter = q;
      this.quarterMonth = month;
    }
    this.quarterWs += Math.max(0, netW);
    this.quarterSeconds++;
  }

  private closeQuarter(): void {
    if (this.quarter < 0 || this.quarterSeconds === 0) return;
    // A quarter cut by the run's start or end averages over the seconds it had.
    const averageW = this.quarterWs / this.quarterSeconds;
    this.quarterW[this.quarter - this.firstQuarter] = averageW;
    this.monthPeakW.set(this.quarterMonth, Math.max(this.monthPeakW.get(this.quarterMonth) ?? 0, averageW));
    this.quarterWs = 0;
    this.quarterSeconds = 0;
  }

  /** The capacity tariff: each month's peak (at least the minimum) × €/kW/year × the share of the year simulated. */
  capacityEUR(): number {
    const { capacityEURPerKWYear, capacityMinimumKW } = this.prices;
    if (capacityEURPerKWYear === 0) return 0;
    let eur = 0;
    for (const [month, seconds] of this.monthSeconds) {
      const peakKW = Math.max((this.monthPeakW.get(month) ?? 0) / 1000, capacityMinimumKW);
      eur += peakKW * capacityEURPerKWYear * (seconds / YEAR_S);
    }
    return eur;
  }

  finish(
    scenario: string,
    policy: PolicyName,
    simulatedSeconds: number,
    sessions: SessionTrace[],
    hasPv: boolean,
    basis: Kpis['evSessionsMissedBasis'],
  ): Omit<Kpis, 'telegrams' | 'telegramErrors' | 'wallMs'> {
    this.closeQuarter();
    let peak = 0;
    for (const w of this.quarterW) peak = Math.max(peak, w);
    return {
      scenario,
      policy,
      simulatedSeconds,
      trips: this.trips,
      overloadSeconds: this.overloadSeconds,
      maxPhaseCurrentA: round(this.maxPhaseCurrentA, 2),
      evRequestedKWh: round(
        sessions.reduce((s, x) => s + x.requestedKWh, 0),
        3,
      ),
      evDeliveredKWh: round(
        sessions.reduce((s, x) => s + x.deliveredKWh, 0),
        3,
      ),
      evSessionsMissed: sessions.filter((s) => s.missed).length,
      evSessionsMissedBasis: basis,
      pvSelfConsumption:
        hasPv && this.pvKWh > 0 ? round(Math.max(0, Math.min(1, 1 - this.exportKWh / this.pvKWh)), 4) : null,
      peak15mW: round(peak, 1),
      startStops: this.startStops,
      costEUR: round(this.energyEUR + this.capacityEUR(), 2),
      evSessions: sessions.length,
      outageSeconds: this.outageSeconds,
    };
  }
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A session's trace; `optimumKWh` when the optimum ran (in the same order as the sessions). */
export function sessionTrace(o: SessionOutcome, maxPowerW: number, optimumKWh: number | null): SessionTrace {
  const { session } = o;
  const hours = (session.departureS - session.arrivalS) / 3600;
  const boundKWh = Math.min(session.energyKWh, (maxPowerW * hours) / 1000);
  const reference = optimumKWh ?? boundKWh;
  const short = o.deliveredKWh < session.energyKWh - SHORT_KWH;
  return {
    deviceId: session.deviceId,
    arrivalS: session.arrivalS,
    departureS: session.departureS,
    requestedKWh: round(session.energyKWh, 3),
    deliveredKWh: round(o.deliveredKWh, 3),
    optimumKWh: optimumKWh === null ? null : round(optimumKWh, 3),
    boundKWh: round(boundKWh, 3),
    missed: short && reference >= session.energyKWh - SHORT_KWH,
    asleep: o.asleep,
  };
}
