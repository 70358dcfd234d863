// From what a telegram said (fields.ts) to contract 1's Reading: phases and their signed net
// current, the Belgian capacity block and the gas channel.
import type { CapacityReading, CrcStatus, GasReading, PhaseReading, Reading } from '../../model/reading.js';
import type { TelegramFields } from './fields.js';
import { slotOf } from './obis.js';

const S = {
  importT1: slotOf('energyImportKWh.t1'),
  importT2: slotOf('energyImportKWh.t2'),
  exportT1: slotOf('energyExportKWh.t1'),
  exportT2: slotOf('energyExportKWh.t2'),
  importTotal: slotOf('energyImportTotalKWh'),
  exportTotal: slotOf('energyExportTotalKWh'),
  powerImport: slotOf('powerImportW'),
  powerExport: slotOf('powerExportW'),
  averageDemand: slotOf('capacity.averageDemandW'),
};
const PHASE_SLOTS = [0, 1, 2].map((p) => ({
  voltage: slotOf(`phases[${p}].voltageV`),
  current: slotOf(`phases[${p}].currentA`),
  powerImport: slotOf(`phases[${p}].powerImportW`),
  powerExport: slotOf(`phases[${p}].powerExportW`),
}));

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** A phase's net power, import positive. DSMR registers are exclusive per phase (a phase imports or
 * exports), so one positive register alone already gives the sign. */
function netPowerW(importW: number | null, exportW: number | null): number | null {
  if (importW !== null && exportW !== null) return importW - exportW;
  if (importW !== null && importW > 0) return importW;
  if (exportW !== null && exportW > 0) return -exportW;
  return null;
}

/**
 * Contract 1's control input: (import W − export W) / voltage, to the mA; else the reported current
 * with the sign of the net power (positive when the net power is 0: the conservative side); else
 * null. A phase reported at 0 V (Belgian 3×230 V Aron metering sends L2 as 0) takes the fallback.
 */
export function netCurrentA(
  voltageV: number | null,
  currentA: number | null,
  netW: number | null,
): number | null {
  let amps: number | null = null;
  if (netW !== null && voltageV !== null && voltageV > 0) amps = Math.round((netW / voltageV) * 1000) / 1000;
  else if (netW !== null && currentA !== null) amps = netW < 0 ? -currentA : currentA;
  return amps === 0 ? 0 : amps; // no -0 in JSON comparisons
}

/** Whether the telegram carries any value for phase p. */
function seen(q: Float64Array, p: number): boolean {
  const s = PHASE_SLOTS[p]!;
  return !(
    Number.isNaN(q[s.voltage]!) &&
    Number.isNaN(q[s.current]!) &&
    Number.isNaN(q[s.powerImport]!) &&
    Number.isNaN(q[s.powerExport]!)
  );
}

function phases(f: TelegramFields): PhaseReading[] {
  const q = f.q;
  // A meter that reports L1 only is 1-phase; one that reports nothing per phase (DSMR 2.2, Austria)
  // gets three phases of nulls: contract 1 always has 3 or 1.
  const count = seen(q, 1) || seen(q, 2) || !seen(q, 0) ? 3 : 1;
  const totalNetW = count === 1 ? netPowerW(orNull(q[S.powerImport]!), orNull(q[S.powerExport]!)) : null;
  const out: PhaseReading[] = [];
  for (let p = 0; p < count; p++) {
    const s = PHASE_SLOTS[p]!;
    const voltageV = orNull(q[s.voltage]!);
    const currentA = orNull(q[s.current]!);
    const powerImportW = orNull(q[s.powerImport]!);
    const powerExportW = orNull(q[s.powerExport]!);
    // On a 1-phase meter the totals are that phase's powers.
    const netW = netPowerW(powerImportW, powerExportW) ?? totalNetW;
    out.push({
      voltageV,
      currentA,
      powerImportW,
      powerExportW,
      netCurrentA: netCurrentA(voltageV, currentA, netW),
    });
  }
  return out;
}

function capacity(f: TelegramFields): CapacityReading | null {
  const averageDemandW = orNull(f.q[S.averageDemand]!);
  if (averageDemandW === null && !f.monthPeakSeen && f.history === null) return null;
  return {
    averageDemandW,
    monthPeakW: orNull(f.monthPeakW),
    monthPeakAt: f.monthPeakAt,
    history: f.history ?? [],
  };
}

/** The gas meter: the lowest M-Bus channel of type 3 (or of no stated type) with a value in m3 and a
 * real timestamp (DSMR 5.0.2 §7.3: a channel's reading has its own, older, TST). */
function gas(f: TelegramFields): GasReading | null {
  let best: GasReading | null = null;
  let bestChannel = Infinity;
  for (const ch of f.mbus) {
    if (
      (ch.type === 3 || ch.type === null) &&
      !Number.isNaN(ch.m3) &&
      ch.at !== null &&
      ch.channel < bestChannel
    ) {
      best = { m3: ch.m3, at: ch.at };
      bestChannel = ch.channel;
    }
  }
  return best;
}

export function buildReading(f: TelegramFields, header: string, crc: CrcStatus): Reading {
  const q = f.q;
  return {
    header,
    version: f.version,
    timestamp: f.timestamp,
    equipmentId: f.equipmentId,
    crc,
    tariff: orNull(f.tariff),
    energyImportKWh: { t1: orNull(q[S.importT1]!), t2: orNull(q[S.importT2]!) },
    energyExportKWh: { t1: orNull(q[S.exportT1]!), t2: orNull(q[S.exportT2]!) },
    powerImportW: orNull(q[S.powerImport]!),
    powerExportW: orNull(q[S.powerExport]!),
    phases: phases(f),
    capacity: capacity(f),
    gas: gas(f),
    energyImportTotalKWh: orNull(q[S.importTotal]!),
    energyExportTotalKWh: orNull(q[S.exportTotal]!),
    powerFailures: orNull(f.powerFailures),
    longPowerFailures: orNull(f.longPowerFailures),
    text: f.text,
  };
}
