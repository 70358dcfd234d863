// 1p/3p switching for chargers that can. A charger drops to one phase when its 3-phase minimum
// does not fit but the 1-phase minimum does (a fuse, or a pv surplus between 1.4 and 4.1 kW at
// 6 A and 230 V), and goes back to three when the 3-phase minimum fits. The other phase count
// must be the better fit for delayS; each switch pauses the charger for pauseS (cars need it to
// re-negotiate) and counts against maxSwitchesPerSession.

export interface SwitchSettings {
  maxSwitchesPerSession: number;
  delayS: number;
  pauseS: number;
}

export interface SwitchMemory {
  phaseCount: 1 | 3;
  switches: number;
  switchPauseUntilMs: number | null;
  switchSinceMs: number | null;
}

export interface SwitchFit {
  /** The device's minimum fits with three phases / with one phase. */
  fits3: boolean;
  fits1: boolean;
}

export type SwitchPhase = 'stay' | 'pending' | 'switched' | 'capped';

export interface SwitchStep extends SwitchMemory {
  phase: SwitchPhase;
  /** While pending: seconds until the switch. */
  leftS: number;
}

/** Which phase count fits better, or null when the present one is as good. */
export function wantedPhases(current: 1 | 3, fit: SwitchFit): 1 | 3 | null {
  if (current === 3 && !fit.fits3 && fit.fits1) return 1;
  if (current === 1 && fit.fits3) return 3;
  return null;
}

export function switchStep(
  memory: SwitchMemory,
  fit: SwitchFit,
  settings: SwitchSettings,
  nowMs: number,
): SwitchStep {
  const want = wantedPhases(memory.phaseCount, fit);
  // The memory's own fields, listed (a spread would copy whatever else the object holds).
  const { phaseCount, switches, switchPauseUntilMs } = memory;
  if (want === null)
    return { phaseCount, switches, switchPauseUntilMs, switchSinceMs: null, phase: 'stay', leftS: 0 };
  if (memory.switches >= settings.maxSwitchesPerSession) {
    return { phaseCount, switches, switchPauseUntilMs, switchSinceMs: null, phase: 'capped', leftS: 0 };
  }
  const since = memory.switchSinceMs ?? nowMs;
  const leftS = settings.delayS - (nowMs - since) / 1000;
  if (leftS > 0)
    return { phaseCount, switches, switchPauseUntilMs, switchSinceMs: since, phase: 'pending', leftS };
  return {
    phaseCount: want,
    switches: memory.switches + 1,
    switchPauseUntilMs: nowMs + settings.pauseS * 1000,
    switchSinceMs: null,
    phase: 'switched',
    leftS: 0,
  };
}

/** Seconds of the post-switch pause left. */
export function switchPauseLeftS(memory: SwitchMemory, nowMs: number): number {
  if (memory.switchPauseUntilMs === null) return 0;
  return Math.max(0, (memory.switchPauseUntilMs - nowMs) / 1000);
}
