// Solar modes. `pv` charges from surplus only: it starts once the surplus has covered its
// minimum power for startDelayS, and stops once the site has imported more than stopImportW for
// stopDelayS (in between it keeps its minimum, so a passing cloud does not stop a charge).
// `minpv` always keeps its minimum and adds the surplus above it.

export interface SolarSettings {
  startDelayS: number;
  stopDelayS: number;
  stopImportW: number;
}

export interface SolarMemory {
  solarActive: boolean;
  solarSinceMs: number | null;
}

export type SolarPhase = 'idle' | 'starting' | 'started' | 'running' | 'stopping' | 'stopped';

export interface SolarStep extends SolarMemory {
  phase: SolarPhase;
  /** Seconds left on the running start or stop clock. */
  leftS: number;
}

/**
 * One cycle of a pv device's start/stop clock.
 * @param coveredBySurplus the solver, judging the device on surplus alone, gave it its minimum
 * @param siteImportW the site's net import now (negative while exporting)
 */
export function solarStep(
  memory: SolarMemory,
  coveredBySurplus: boolean,
  siteImportW: number,
  settings: SolarSettings,
  nowMs: number,
): SolarStep {
  if (!memory.solarActive) {
    if (!coveredBySurplus) return { solarActive: false, solarSinceMs: null, phase: 'idle', leftS: 0 };
    const since = memory.solarSinceMs ?? nowMs;
    const leftS = settings.startDelayS - (nowMs - since) / 1000;
    if (leftS > 0) return { solarActive: false, solarSinceMs: since, phase: 'starting', leftS };
    return { solarActive: true, solarSinceMs: null, phase: 'started', leftS: 0 };
  }
  if (siteImportW <= settings.stopImportW) {
    return { solarActive: true, solarSinceMs: null, phase: 'running', leftS: 0 };
  }
  const since = memory.solarSinceMs ?? nowMs;
  const leftS = settings.stopDelayS - (nowMs - since) / 1000;
  if (leftS > 0) return { solarActive: true, solarSinceMs: since, phase: 'stopping', leftS };
  return { solarActive: false, solarSinceMs: null, phase: 'stopped', leftS: 0 };
}
