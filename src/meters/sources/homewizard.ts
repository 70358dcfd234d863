// HomeWizard Wi-Fi P1 meter, local API v1 `/api/v1/data` (api-documentation.homewizard.com, "Recent
// measurement"): JSON the dongle parsed itself, mapped onto Contract 1's Reading. The dongle has
// already checked the CRC and thrown the telegram away, so crc is "absent". Its per-phase powers are
// signed (negative = export), so per-phase import and export come back netted: a phase that both
// imports and exports within one telegram cannot be told apart here; /api/v1/telegram can.
import type { PhaseReading, Reading } from '../../model/reading.js';

export class HomeWizardDataError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(`${url}: ${message}`);
    this.name = 'HomeWizardDataError';
  }
}

type Json = Record<string, unknown>;

function num(data: Json, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Offset of Dutch/Belgian local time at an instant, in minutes (60 or 120). */
function brusselsOffsetMinutes(atMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Brussels', timeZoneName: 'longOffset' })
    .formatToParts(new Date(atMs))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 60;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * HomeWizard's YYMMDDhhmmss numbers (gas_timestamp, montly_power_peak_timestamp) are the meter's
 * local time without the DSMR S/W flag; the offset is Europe/Brussels' (= Amsterdam's) at that time.
 */
export function homeWizardTime(value: number | null): string | null {
  if (value === null) return null;
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(
    String(Math.trunc(value)).padStart(12, '0'),
  );
  if (!match) return null;
  const [, yy, mo, dd, hh, mi, ss] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return null;
  const wallMs = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
  // Summer time first: in the repeated autumn hour the earlier instant is taken.
  const offset =
    [120, 60].find((minutes) => brusselsOffsetMinutes(wallMs - minutes * 60_000) === minutes) ?? 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${2000 + yy}-${pad(mo)}-${pad(dd)}T${pad(hh)}:${pad(mi)}:${pad(ss)}+${pad(offset / 60)}:00`;
}

/** unique_id is the meter's 0-0:96.1.1 octet string in hex; decode it when it is printable text. */
function decodeEquipmentId(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  if (/^(?:[0-9A-Fa-f]{2})+$/.test(value)) {
    const text = Buffer.from(value, 'hex').toString('latin1');
    if (/^[\x20-\x7e]+$/.test(text)) return text.trimEnd();
  }
  return value;
}

/** Contract 1's rule: net W / V when both are there, else |A| with the sign of net power, else null. */
function phase(data: Json, n: 1 | 2 | 3): PhaseReading {
  const netPowerW = num(data, `active_power_l${n}_w`);
  const voltageV = num(data, `active_voltage_l${n}_v`);
  const reportedA = num(data, `active_current_l${n}_a`);
  const currentA = reportedA === null ? null : Math.abs(reportedA);
  let netCurrentA: number | null = null;
  if (netPowerW !== null && voltageV !== null && voltageV > 0) netCurrentA = round(netPowerW / voltageV, 3);
  else if (netPowerW !== null && currentA !== null) netCurrentA = netPowerW < 0 ? -currentA : currentA;
  return {
    voltageV,
    currentA,
    powerImportW: netPowerW === null ? null : Math.max(0, netPowerW),
    powerExportW: netPowerW === null ? null : Math.max(0, -netPowerW),
    netCurrentA,
  };
}

function hasPhase(data: Json, n: 2 | 3): boolean {
  return [`active_power_l${n}_w`, `active_voltage_l${n}_v`, `active_current_l${n}_a`].some(
    (key) => num(data, key) !== null,
  );
}

export function homeWizardDataToReading(body: unknown, url: string): Reading {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HomeWizardDataError('expected a JSON object', url);
  }
  const data = body as Json;
  const netPowerW = num(data, 'active_power_w');
  if (
    netPowerW === null &&
    num(data, 'active_power_l1_w') === null &&
    num(data, 'total_power_import_t1_kwh') === null
  ) {
    throw new HomeWizardDataError(
      'no active_power_w, active_power_l1_w or total_power_import_t1_kwh: not a P1 meter',
      url,
    );
  }
  const threePhase = hasPhase(data, 2) || hasPhase(data, 3);
  const averageDemandW = num(data, 'active_power_average_w');
  // "montly" is HomeWizard's own spelling (their docs, "Monthly Power Peak").
  const monthPeakW = num(data, 'montly_power_peak_w');
  const gasM3 = num(data, 'total_gas_m3');
  const smrVersion = num(data, 'smr_version');
  const meterModel = data['meter_model'];
  return {
    header: typeof meterModel === 'string' ? meterModel : 'HomeWizard P1',
    version: smrVersion === null ? null : String(smrVersion),
    timestamp: null,
    equipmentId: decodeEquipmentId(data['unique_id']),
    crc: 'absent',
    tariff: num(data, 'active_tariff'),
    energyImportKWh: {
      t1: num(data, 'total_power_import_t1_kwh'),
      t2: num(data, 'total_power_import_t2_kwh'),
    },
    energyExportKWh: {
      t1: num(data, 'total_power_export_t1_kwh'),
      t2: num(data, 'total_power_export_t2_kwh'),
    },
    powerImportW: netPowerW === null ? null : Math.max(0, netPowerW),
    powerExportW: netPowerW === null ? null : Math.max(0, -netPowerW),
    phases: threePhase ? [phase(data, 1), phase(data, 2), phase(data, 3)] : [phase(data, 1)],
    capacity:
      averageDemandW === null && monthPeakW === null
        ? null
        : {
            averageDemandW,
            monthPeakW,
            monthPeakAt: homeWizardTime(num(data, 'montly_power_peak_timestamp')),
            history: [],
          },
    gas: gasM3 === null ? null : { m3: gasM3, at: homeWizardTime(num(data, 'gas_timestamp')) },
    source: 'homewizard-api-v1-data',
  };
}
