// A parsed telegram as the allocator's grid input: the signed per-phase currents, the power
// totals and the Belgian capacity-tariff registers.
//
// The control current per phase starts from contract 1's netCurrentA, (import W − export W) / V,
// never from the meter's whole-amp currentA alone (DSMR 5 rounds 0.379 kW at 236 V to "002*A").
// But P/V is the active current only: with a power factor below 1 the fuse carries more
// (P1-FACTS §4: "compute (21.7−22.7)/32.7 and use the maximum"). So on an importing phase the
// reported RMS current, less half its resolution, is a floor: a Belgian meter's 11.12 A stays
// 11.12 A where P/V says 10.24 A. On an exporting phase P/V is kept: a larger magnitude there
// would overstate the headroom that the export gives.
import type { GridInput } from '../core/inputs.js';
import type { PhaseReading, Reading } from '../model/reading.js';

/** Half the resolution the meter printed its current with: whole amps (DSMR 4/5) or hundredths (e-MUCS). */
function halfResolutionA(currentA: number): number {
  return Number.isInteger(currentA) ? 0.5 : 0.005;
}

export function controlCurrentA(phase: PhaseReading): number | null {
  const net = phase.netCurrentA;
  if (net === null) return null;
  if (net < 0 || phase.currentA === null) return net;
  return Math.max(net, phase.currentA - halfResolutionA(phase.currentA));
}

export function gridInputFromReading(reading: Reading, ageS: number): GridInput {
  const currents = reading.phases.map(controlCurrentA);
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
