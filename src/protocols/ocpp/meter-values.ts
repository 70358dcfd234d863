// MeterValues (1.6 SampledValue, 2.0.1 SampledValueType) → one connector's latest
// measurements. Both versions are first normalised to `Sample` (value as a number, unit with the
// 2.0.1 power-of-ten multiplier applied), then folded by one table of measurands.

export interface Measurements {
  /** Per connector phase (its own L1, L2, L3, not yet mapped to site phases); null when not reported. */
  currentA: [number | null, number | null, number | null];
  /** Current.Import without a phase: a single-phase station, or a station that reports no split. */
  currentUnphasedA: number | null;
  powerW: number | null;
  energyKWh: number | null;
  soc: number | null;
}

export function emptyMeasurements(): Measurements {
  return { currentA: [null, null, null], currentUnphasedA: null, powerW: null, energyKWh: null, soc: null };
}

export interface Sample {
  measurand: string;
  phase: string | null;
  /** Already scaled by the unit prefix and multiplier: A, W, Wh or %. */
  value: number;
}

// 1.6: value is a string, unit an enum with k-prefixed variants; a missing measurand means
// Energy.Active.Import.Register and a missing unit Wh (1.6 SampledValue field defaults).
interface SampledValue16 {
  value: string;
  measurand?: string;
  phase?: string;
  unit?: string;
}

const KILO_UNITS = new Set(['kW', 'kWh', 'kVA', 'kvar', 'kvarh']);

export function samplesV16(sampledValues: readonly SampledValue16[]): Sample[] {
  const out: Sample[] = [];
  for (const s of sampledValues) {
    const value = Number.parseFloat(s.value);
    if (!Number.isFinite(value)) continue;
    out.push({
      measurand: s.measurand ?? 'Energy.Active.Import.Register',
      phase: s.phase ?? null,
      value: KILO_UNITS.has(s.unit ?? '') ? value * 1000 : value,
    });
  }
  return out;
}

// 2.0.1: value is a number; unitOfMeasure.multiplier is a power of ten (UnitOfMeasureType).
interface SampledValue201 {
  value: number;
  measurand?: string;
  phase?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

export function samplesV201(sampledValues: readonly SampledValue201[]): Sample[] {
  const out: Sample[] = [];
  for (const s of sampledValues) {
    if (!Number.isFinite(s.value)) continue;
    const unit = s.unitOfMeasure?.unit ?? '';
    const scale = 10 ** (s.unitOfMeasure?.multiplier ?? 0) * (KILO_UNITS.has(unit) ? 1000 : 1);
    out.push({
      measurand: s.measurand ?? 'Energy.Active.Import.Register',
      phase: s.phase ?? null,
      value: s.value * scale,
    });
  }
  return out;
}

/** Which connector phase a sample's phase label means; "L1-N" counts as L1 (seen in the field). */
const PHASE_INDEX: Record<string, 0 | 1 | 2> = { L1: 0, L2: 1, L3: 2, 'L1-N': 0, 'L2-N': 1, 'L3-N': 2 };

type Fold = (m: Measurements, sample: Sample, phasedPower: (number | null)[]) => void;

/** What each measurand does to the measurements; measurands not listed are ignored. */
const MEASURANDS: Record<string, Fold> = {
  'Current.Import': (m, s) => {
    if (s.phase === null) m.currentUnphasedA = s.value;
    else if (PHASE_INDEX[s.phase] !== undefined) m.currentA[PHASE_INDEX[s.phase]!] = s.value;
  },
  'Power.Active.Import': (m, s, phased) => {
    if (s.phase === null) m.powerW = s.value;
    else if (PHASE_INDEX[s.phase] !== undefined) phased[PHASE_INDEX[s.phase]!] = s.value;
  },
  'Energy.Active.Import.Register': (m, s) => {
    if (s.phase === null) m.energyKWh = s.value / 1000;
  },
  SoC: (m, s) => {
    m.soc = s.value;
  },
};

/** The measurements after one MeterValues message: fields it does not carry keep their old value. */
export function foldSamples(previous: Measurements, samples: readonly Sample[]): Measurements {
  const next: Measurements = { ...previous, currentA: [...previous.currentA] };
  const phasedPower: (number | null)[] = [null, null, null];
  let hadTotalPower = false;
  for (const sample of samples) {
    MEASURANDS[sample.measurand]?.(next, sample, phasedPower);
    if (sample.measurand === 'Power.Active.Import' && sample.phase === null) hadTotalPower = true;
  }
  // Only per-phase power reported: the total is their sum.
  if (!hadTotalPower && phasedPower.some((p) => p !== null)) {
    next.powerW = phasedPower.reduce<number>((sum, p) => sum + (p ?? 0), 0);
  }
  return next;
}
