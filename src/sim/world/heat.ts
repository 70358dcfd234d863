// A heat pump and an electric boiler, each a controllable device with a thermal store.
// Heat pump: the heat the building needs follows the hour's outdoor temperature (heating degree
// hours of the temperature year, scaled to the yearly heat demand) and is made at COP(T). Its
// thermostat starts when the heat owed passes half the buffer and runs for at least minRunS until
// the buffer is a little over-full, at the smallest step that covers the demand and makes up what
// is owed within two hours. A setpoint below its step runs it lower (or stops it):
// the heat is owed and made up later. Boiler: hot water drawn mornings and evenings; the element
// reheats the tank when it may.
import type { RunCalendar } from '../calendar.js';
import { hourOf } from '../calendar.js';
import { temperatureYear } from '../data/weather.js';
import type { DeviceConfig } from '../../site/schema.js';
import type { BoilerSettings, HeatPumpSettings } from '../scenario/schema.js';
import { FlexibleDevice } from './flexible.js';
import type { Load, LoadRole } from './load.js';

const COMPRESSOR_START_S = 2;
const RECOVER_H = 2;

/** Heat demand per calendar hour of the run, W. */
export function heatDemandW(cal: RunCalendar, hp: HeatPumpSettings): Float32Array {
  const year = temperatureYear();
  let degreeHours = 0;
  for (const t of year) degreeHours += Math.max(0, hp.heatingLimitC - t);
  const wPerDegree = degreeHours > 0 ? (hp.annualHeatKWh * 1000) / degreeHours : 0;
  const out = new Float32Array(cal.hours);
  for (let h = 0; h < cal.hours; h++) {
    const t = outdoorC(cal, h);
    out[h] = Math.max(0, hp.heatingLimitC - t) * wPerDegree;
  }
  return out;
}

export function outdoorC(cal: RunCalendar, h: number): number {
  const year = temperatureYear();
  return year[((cal.dayOfYear[h]! - 1) * 24 + cal.localHour[h]!) % 8760]!;
}

export function cop(hp: HeatPumpSettings, outdoorC: number): number {
  const x = Math.min(1, Math.max(0, (outdoorC + 5) / 15));
  return hp.copAtMinus5 + (hp.copAt10 - hp.copAtMinus5) * x;
}

export class HeatPump extends FlexibleDevice implements Load {
  readonly role: LoadRole = 'flexible';
  private readonly demandW: Float32Array;
  private owedKWh: number;
  private since = -1;
  private levelW = 0;

  constructor(
    private readonly hp: HeatPumpSettings,
    device: DeviceConfig,
    circuit: number,
    private readonly cal: RunCalendar,
    network: 'tn' | 'it',
    voltageV: number,
  ) {
    super(hp.device, device, circuit, network, voltageV);
    this.demandW = heatDemandW(cal, hp);
    this.owedKWh = hp.bufferKWh / 4;
  }

  /** What the thermostat would run at now, W electric (0 = off). */
  wantedW(tS: number, copNow: number, heatW: number): number {
    const running = this.since >= 0;
    if (!running && this.owedKWh < this.hp.bufferKWh / 2) return 0;
    if (running && this.owedKWh < -this.hp.bufferKWh / 4 && tS - this.since >= this.hp.minRunS) return 0;
    // Modulates: the smallest step that covers the demand and makes up what is owed within two
    // hours; the top step (the backup heater included) when none does.
    const neededW = heatW + (Math.max(0, this.owedKWh) * 1000) / RECOVER_H;
    for (const l of this.levelsW) if (l * copNow >= neededW) return l;
    return this.levelsW[this.levelsW.length - 1] ?? 0;
  }

  step(tS: number, powered: boolean): void {
    this.latch();
    const h = hourOf(this.cal, tS);
    const heatW = this.demandW[h]!;
    const copNow = cop(this.hp, outdoorC(this.cal, h));
    const wanted = powered ? this.wantedW(tS, copNow, heatW) : 0;
    const level = this.allowedLevelW(wanted);
    if (level > 0 && this.since < 0) this.since = tS;
    if (level === 0) this.since = -1;
    const starting = level > 0 && (this.levelW === 0 || tS - this.since < COMPRESSOR_START_S);
    this.levelW = level;
    this.draw(level, 0.95, starting ? this.hp.inrushFactor : 1);
    this.owedKWh += (heatW - level * copNow) / 3.6e6;
  }
}

/** Share of the day's hot water drawn in each local hour. */
const HOT_WATER = [
  0, 0, 0, 0, 0, 0, 0.1, 0.25, 0.1, 0.03, 0.02, 0.02, 0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.08, 0.12, 0.06,
  0.03, 0.01, 0,
];
const HOT_WATER_TOTAL = HOT_WATER.reduce((s, v) => s + v, 0);

export class Boiler extends FlexibleDevice implements Load {
  readonly role: LoadRole = 'flexible';
  private storedKWh: number;
  private heating = false;

  constructor(
    private readonly b: BoilerSettings,
    device: DeviceConfig,
    circuit: number,
    private readonly cal: RunCalendar,
    network: 'tn' | 'it',
    voltageV: number,
  ) {
    super(b.device, device, circuit, network, voltageV);
    this.storedKWh = b.tankKWh;
  }

  step(tS: number, powered: boolean): void {
    this.latch();
    const h = hourOf(this.cal, tS);
    const drawnW = ((HOT_WATER[this.cal.localHour[h]!] ?? 0) / HOT_WATER_TOTAL) * this.b.dailyKWh * 1000;
    if (this.storedKWh < this.b.tankKWh - 1) this.heating = true;
    if (this.storedKWh >= this.b.tankKWh) this.heating = false;
    const top = this.levelsW[this.levelsW.length - 1] ?? 0;
    const level = powered && this.heating ? this.allowedLevelW(top) : 0;
    this.draw(level);
    this.storedKWh = Math.max(0, Math.min(this.b.tankKWh, this.storedKWh + (level - drawnW) / 3.6e6));
  }
}
