// A parsed telegram as the allocator's grid input: the signed per-phase currents (contract 1's
// netCurrentA, never the meter's whole-amp currentA when power and voltage are there), the power
// totals and the Belgian capacity-tariff registers.
import type { GridInput } from '../core/inputs.js';
import type { Reading } from '../model/reading.js';

export function gridInputFromReading(reading: Reading, ageS: number): GridInput {
  const currents = reading.phases.map((p) => p.netCurrentA);
  const complete = currents.length > 0 && currents.every((c): c is number => c !== null);
  return {
    netCurrentA: complete ? currents : null,
    ageS,
    powerImportW: reading.powerImportW,
    powerExportW: reading.powerExportW,
    capacity: reading.capacity
      ? { averageDemandW: reading.capacity.averageDemandW, monthPeakW: reading.capacity.monthPeakW }
      : null,
  };
}
