// The simulated smart meter at the connection: it integrates the energy registers, keeps the
// Belgian capacity registers (running quarter-hour average, the month's peak, past months) and
// writes one real telegram a second (DSMR 5.0 or e-MUCS 1.7, byte for byte with its CRC) from
// the line currents the physics computed.
//
// What it reports per phase: on tn the active power of the phase (V·I·cos φ, as a meter measures
// it) and the current's magnitude. On it (3x230 V, no neutral) there is no phase-to-neutral
// voltage: the meter here reports each line's current with the sign of its active part and, as
// its per-line power, V·|I| with that sign, so that a reader's (import − export)/voltage is the
// line current the breaker sees. The totals 1.7.0/2.7.0 are the true active power either way.
import type { PhaseSpec, TelegramSpec } from '../meters/dsmr/index.js';
import type { RunCalendar } from './calendar.js';
import { hourOf } from './calendar.js';
import { TelegramTemplate } from './telegram-template.js';

export interface MeterOptions {
  dialect: 'dsmr50' | 'emucs17';
  network: 'tn' | 'it';
  voltageV: number;
  phases: 1 | 3;
  cal: RunCalendar;
}

interface MonthPeak {
  month: string;
  peakW: number;
  at: Date | null;
}

const QUARTER_S = 900;

export class SimMeter {
  private importKWh = [1523.105, 1287.44];
  private exportKWh = [211.908, 402.117];
  private quarter = -1;
  private quarterImportWs = 0;
  private quarterSeconds = 0;
  private monthIndex = -1;
  private monthPeak: MonthPeak = { month: '', peakW: 0, at: null };
  private readonly history: MonthPeak[] = [];
  private readonly phaseSpecs: PhaseSpec[];
  private readonly spec: TelegramSpec;
  private readonly time = new Date(0);
  private readonly writer = new TelegramTemplate();

  constructor(private readonly o: MeterOptions) {
    this.phaseSpecs = Array.from({ length: o.phases }, () => ({
      powerImportW: 0,
      powerExportW: 0,
      voltageV: o.voltageV,
      currentA: 0,
    }));
    this.spec = { dialect: o.dialect, time: this.time, phases: this.phaseSpecs };
  }

  /** Normal (day) tariff on working days 07:00–23:00. */
  private normalTariff(tS: number): boolean {
    const h = hourOf(this.o.cal, tS);
    const hour = this.o.cal.localHour[h]!;
    return this.o.cal.dayType[h] === 0 && hour >= 7 && hour < 23;
  }

  /** Register index of the tariff now: DSMR's t1 is the low tariff, e-MUCS's t1 the day tariff. */
  private register(tS: number): 0 | 1 {
    return this.normalTariff(tS) === (this.o.dialect === 'emucs17') ? 0 : 1;
  }

  /** One second at net active power `netW` (import positive). */
  integrate(tS: number, netW: number): void {
    const register = this.register(tS);
    if (netW > 0) this.importKWh[register]! += netW / 3.6e6;
    else this.exportKWh[register]! -= netW / 3.6e6;
    if (this.o.dialect !== 'emucs17') return;
    const q = Math.floor((tS + this.o.cal.offsetS) / QUARTER_S);
    if (q !== this.quarter) {
      this.closeQuarter(tS);
      this.quarter = q;
      this.quarterImportWs = 0;
      this.quarterSeconds = 0;
    }
    this.quarterImportWs += Math.max(0, netW);
    this.quarterSeconds++;
  }

  private closeQuarter(tS: number): void {
    const h = hourOf(this.o.cal, tS);
    const month = this.o.cal.monthIndex[h]!;
    if (this.quarter >= 0 && this.quarterSeconds > 0) {
      const averageW = this.quarterImportWs / QUARTER_S;
      if (averageW > this.monthPeak.peakW) {
        this.monthPeak = { ...this.monthPeak, peakW: averageW, at: new Date(this.o.cal.startMs + tS * 1000) };
      }
    }
    if (month !== this.monthIndex) {
      if (this.monthIndex >= 0) this.history.push(this.monthPeak);
      if (this.history.length > 13) this.history.shift();
      this.monthIndex = month;
      this.monthPeak = { month: this.monthKey(month), peakW: 0, at: null };
    }
  }

  private monthKey(index: number): string {
    const [y, m] = this.o.cal.firstMonth.split('-').map(Number) as [number, number];
    const total = y * 12 + (m - 1) + index;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  }

  /**
   * The telegram for second tS (valid until the next call: the buffer is reused). `activeA`/`magnitudeA`: per site phase, the active part of the
   * line current (signed, import positive) and its magnitude; `netW` the total active power.
   */
  telegram(tS: number, activeA: ArrayLike<number>, magnitudeA: ArrayLike<number>, netW: number): Buffer {
    const { voltageV, network } = this.o;
    for (let p = 0; p < this.phaseSpecs.length; p++) {
      const spec = this.phaseSpecs[p]!;
      const a = activeA[p]!;
      const w = network === 'it' ? Math.sign(a) * magnitudeA[p]! * voltageV : a * voltageV;
      spec.powerImportW = w > 0 ? w : 0;
      spec.powerExportW = w < 0 ? -w : 0;
      spec.currentA = magnitudeA[p]!;
    }
    this.time.setTime(this.o.cal.startMs + tS * 1000);
    const spec = this.spec;
    spec.tariff = this.register(tS) + 1;
    spec.energyImportKWh = { t1: this.importKWh[0]!, t2: this.importKWh[1]! };
    spec.energyExportKWh = { t1: this.exportKWh[0]!, t2: this.exportKWh[1]! };
    spec.powerImportW = Math.max(0, netW);
    spec.powerExportW = Math.max(0, -netW);
    if (this.o.dialect === 'emucs17') {
      const averageW = this.quarterSeconds > 0 ? this.quarterImportWs / this.quarterSeconds : 0;
      spec.capacity = {
        averageDemandW: averageW,
        monthPeakW: this.monthPeak.peakW,
        monthPeakAt: this.monthPeak.at ?? this.time,
        history: this.history,
      };
    }
    return this.writer.write(spec);
  }
}
