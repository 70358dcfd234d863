// Small builders for hand-checkable optimum inputs: a site parsed through the real schema (so
// defaults apply) and constant or per-step series.
import { siteConfigSchema, type SiteConfig } from '../../site/schema.js';
import type { OptimumInput, OptimumSession } from './types.js';

export function aSite(config: {
  site: Record<string, unknown>;
  circuits?: Record<string, unknown>[];
  devices?: Record<string, unknown>[];
}): SiteConfig {
  return siteConfigSchema.parse({ circuits: [], devices: [], ...config });
}

export function aCharger(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, kind: 'charger', phases: ['L1'], maxA: 32, ...over };
}

/** A constant, or one value per step. */
type Series = number | number[];

export function series(value: Series, steps: number): Float64Array {
  return typeof value === 'number' ? new Float64Array(steps).fill(value) : Float64Array.from(value);
}

export function aSession(over: Partial<OptimumSession> = {}): OptimumSession {
  return {
    deviceId: 'car',
    arrivalS: 0,
    departureS: 3600,
    energyKWh: 10,
    maxA: 32,
    sitePhases: [0],
    ...over,
  };
}

export function anInput(
  site: SiteConfig,
  over: {
    stepS?: number;
    steps: number;
    /** Per site phase. */
    baseW?: Series[];
    pvW?: Series;
    pvPhases?: number[];
    sessions: OptimumSession[];
    importPrice?: Series;
    exportPrice?: number;
    capacityTariff?: number;
  } & Pick<OptimumInput, 'startMs' | 'circuitBaseW' | 'ignoreModes'>,
): OptimumInput {
  const { steps } = over;
  const phases = site.site.phases;
  return {
    site,
    stepS: over.stepS ?? 900,
    steps,
    baseW: Array.from({ length: phases }, (_, p) => series(over.baseW?.[p] ?? 0, steps)),
    pvW: series(over.pvW ?? 0, steps),
    pvPhases: over.pvPhases ?? (phases === 3 ? [0, 1, 2] : [0]),
    sessions: over.sessions,
    importPriceEURPerKWh: series(over.importPrice ?? 0.3, steps),
    exportPriceEURPerKWh: over.exportPrice ?? 0.05,
    capacityTariffEURPerKWYear: over.capacityTariff ?? 0,
    ...(over.startMs !== undefined ? { startMs: over.startMs } : {}),
    ...(over.circuitBaseW ? { circuitBaseW: over.circuitBaseW } : {}),
    ...(over.ignoreModes !== undefined ? { ignoreModes: over.ignoreModes } : {}),
  };
}
