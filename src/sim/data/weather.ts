// Hourly weather-driven profiles for one year (profiles/README.md §3–4): PV output in the
// Netherlands (2019, kW per kWp, hours in UTC) and an hourly outdoor temperature year (°C).
import { num, ProfileDataError, readCsv } from './files.js';

let pv: Float32Array | null = null;
let temperature: Float32Array | null = null;

/** kW per kWp for each UTC hour of 2019 (8,760 values; 1,249 kWh per kWp over the year). */
export function pvNetherlands(): Float32Array {
  if (pv) return pv;
  const file = 'elaadnl_ev2gym/pv_netherlands.csv';
  const rows = readCsv(file);
  if (rows.length !== 8761) throw new ProfileDataError(file, `expected 8,760 hours, found ${rows.length - 1}`);
  pv = new Float32Array(8760);
  for (let h = 0; h < 8760; h++) pv[h] = num(file, rows, h + 1, 2);
  return pv;
}

/** The sum of pvNetherlands() over the year, kWh per kWp. */
export function pvAnnualKWhPerKWp(): number {
  return pvNetherlands().reduce((s, v) => s + v, 0);
}

/** °C for each hour of a year (8,760 values, local hours from 1 January 00:00). */
export function temperatureYear(): Float32Array {
  if (temperature) return temperature;
  const file = 'heat_bdew_shlp/temperature_hourly_example.csv';
  const rows = readCsv(file);
  if (rows.length !== 8761) throw new ProfileDataError(file, `expected 8,760 hours, found ${rows.length - 1}`);
  temperature = new Float32Array(8760);
  for (let h = 0; h < 8760; h++) temperature[h] = num(file, rows, h + 1, 1);
  return temperature;
}
