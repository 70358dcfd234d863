// The scenario file (docs/scenarios.md): a run configuration (`site`, `circuits`, `devices`,
// exactly as ampshare runs it) plus a `sim` section describing the world around it. Unknown keys
// are errors everywhere; defaults live here.
import { z } from 'zod';
import { PHASES } from '../../model/units.js';
import { siteConfigSchema } from '../../site/schema.js';
import { LOCATIONS } from '../data/elaad.js';
import { SLP_PROFILES } from '../data/bdew.js';

const phase = z.enum(PHASES);
const phases = z.array(phase).min(1).max(3);
const id = z.string().min(1);
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const share = z.number().finite().min(0).max(1);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day is "HH:MM" (24 h)');
const localStart = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):00)?$/,
    'a start is "YYYY-MM-DD" or "YYYY-MM-DDTHH:00" (local)',
  );

export const APPLIANCE_KINDS = [
  'kettle',
  'oven',
  'inductionHob',
  'washingMachine',
  'dryer',
  'dishwasher',
] as const;

const breakerCurve = z.enum(['B', 'C', 'D']);

const breakersSchema = z.strictObject({
  /** IEC 60898 magnetic trip: B at 5·In, C at 10·In, D at 20·In. */
  curve: breakerCurve.default('B'),
  /** The thermal model's time constant, s. */
  tauS: positive.default(150),
  /** After a trip the circuit stays off this long (someone walks to the panel), then closes cold. */
  resetAfterS: nonNegative.default(600),
  /** Per circuit id (or "main"): another curve. */
  curves: z.record(z.string(), breakerCurve).default({}),
});

const pricesSchema = z.strictObject({
  /** EUR per kWh imported: one price, or 24 (one per local hour). */
  importEURPerKWh: z.union([nonNegative, z.array(nonNegative).length(24)]).default(0.3),
  exportEURPerKWh: z.number().finite().default(0.05),
  /** Capacity tariff, EUR per kW of each month's highest quarter-hour average, per year. */
  capacityEURPerKWYear: nonNegative.default(0),
  /** The capacity tariff bills at least this peak (Belgium: 2.5 kW). */
  capacityMinimumKW: nonNegative.default(2.5),
});

const baseLoadSchema = z.strictObject({
  profile: z.enum(SLP_PROFILES).default('H25'),
  /** The household's yearly consumption, appliances included, kWh. */
  annualKWh: positive,
  /** Share per listed phase; default equal. */
  phases: phases.optional(),
  shares: z.array(share).min(1).max(3).optional(),
  circuit: id.default('main'),
  /** Relative size of the slow random wander around the profile. */
  noise: share.default(0.15),
});

const applianceSchema = z.strictObject({
  kind: z.enum(APPLIANCE_KINDS),
  /** Site phases; an induction hob takes two (on it: two lines per zone group, list both). */
  phases: phases,
  circuit: id.default('main'),
  /** Mean uses per day (default per kind). */
  perDay: nonNegative.optional(),
  /** Scales the kind's power. */
  powerScale: positive.default(1),
});

const machineSchema = z.strictObject({
  id,
  phases: phases,
  circuit: id.default('main'),
  /** Running active power, W. */
  powerW: positive,
  powerFactor: z.number().finite().min(0.1).max(1).default(0.85),
  /** Start-up current as a multiple of the running current, and how long it lasts. */
  inrushFactor: z.number().finite().min(1).default(6),
  inrushS: positive.default(3),
  inrushPowerFactor: z.number().finite().min(0.1).max(1).default(0.4),
  /** Local times at which the machine starts on working days (shift starts). */
  starts: z.array(clockTime).default([]),
  /** Random extra starts per working day (between 07:00 and 17:00). */
  extraStartsPerDay: nonNegative.default(0),
  /** Each start is this many seconds late, uniformly at random (operators). */
  jitterS: nonNegative.default(10),
  /** Mean run time per start, s (each run lasts 0.5–1.5 times this). */
  runS: positive.default(3600),
  workdaysOnly: z.boolean().default(true),
});

const pvSchema = z.strictObject({
  kWp: positive,
  phases: phases,
  circuit: id.default('main'),
  /** The NL 2019 profile gives 1,249 kWh/kWp; rescaled to this. */
  annualKWhPerKWp: positive.default(900),
  /** Relative size of the per-second cloud noise. */
  cloudNoise: share.default(0.2),
});

const fixedSessionSchema = z.strictObject({
  arrive: clockTime,
  leave: clockTime,
  energyKWh: positive,
  /** Days of the week (0 = Sunday); default every day. */
  weekdays: z.array(z.number().int().min(0).max(6)).optional(),
});

const carSchema = z.strictObject({
  /** Onboard charger phases (1, 2 or 3) and its maximum current per phase. */
  phases: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(3),
  maxA: positive.default(16),
  batteryKWh: positive.default(60),
});

const evSchema = z.strictObject({
  charger: id,
  /** ElaadNL statistics for arrival, stay and energy. */
  location: z.enum(LOCATIONS).default('private'),
  /** Probability that a car comes on a given day (ElaadNL sessions). */
  sessionsPerDay: share.default(0.8),
  /** Fixed sessions instead of ElaadNL draws. */
  sessions: z.array(fixedSessionSchema).optional(),
  car: carSchema.prefault({}),
  /** The car follows a new setpoint after a delay drawn per session from this range, s (IEC 61851: ≤ 5). */
  responseDelayS: z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).default([1, 5]),
  /** Share of the offered current the car draws. */
  drawShare: share.default(0.95),
  /** After this long without current a car may fall asleep … */
  sleepAfterS: positive.default(900),
  /** … and then not wake up when current returns, with this probability. */
  noWakeProbability: share.default(0.05),
});

const heatPumpSchema = z.strictObject({
  /** The stepped (or switch) device in `devices` that is this heat pump. */
  device: id,
  annualHeatKWh: positive,
  /** No heating above this outdoor temperature. */
  heatingLimitC: z.number().finite().default(15),
  /** COP at −5 °C and at +10 °C (air/water), linear between and clamped outside. */
  copAtMinus5: positive.default(2.5),
  copAt10: positive.default(4.5),
  /** Heat the building and buffer can store before comfort suffers, kWh. */
  bufferKWh: positive.default(4),
  minRunS: nonNegative.default(600),
  /** Compressor start current (soft starter) as a multiple of running current, for 2 s. */
  inrushFactor: z.number().finite().min(1).default(1.5),
});

const boilerSchema = z.strictObject({
  device: id,
  /** Usable heat in the full tank, kWh. */
  tankKWh: positive.default(10),
  /** Hot water drawn per day, kWh (mornings and evenings). */
  dailyKWh: positive.default(6),
});

const batterySchema = z.strictObject({
  device: id,
  capacityKWh: positive,
  initialSoc: share.default(0.5),
  /** Round-trip efficiency. */
  efficiency: share.default(0.92),
});

export const simSchema = z.strictObject({
  name: z.string().min(1),
  /** Local start in site.timezone. */
  start: localStart,
  days: positive,
  seed: z.number().int().default(1),
  meter: z
    .strictObject({
      /** dsmr50 (NL, DSMR 5.0) or emucs17 (BE, e-MUCS 1.7 with the capacity registers). */
      dialect: z.enum(['dsmr50', 'emucs17']).default('dsmr50'),
    })
    .prefault({}),
  breakers: breakersSchema.prefault({}),
  prices: pricesSchema.prefault({}),
  baseLoad: baseLoadSchema.optional(),
  appliances: z.array(applianceSchema).default([]),
  machines: z.array(machineSchema).default([]),
  pv: pvSchema.optional(),
  evs: z.array(evSchema).default([]),
  heatPumps: z.array(heatPumpSchema).default([]),
  boilers: z.array(boilerSchema).default([]),
  batteries: z.array(batterySchema).default([]),
});

export const scenarioSchema = z.strictObject({ ...siteConfigSchema.shape, sim: simSchema });

export type SimSettings = z.output<typeof simSchema>;
export type ApplianceSettings = SimSettings['appliances'][number];
export type MachineSettings = SimSettings['machines'][number];
export type EvSettings = SimSettings['evs'][number];
export type HeatPumpSettings = SimSettings['heatPumps'][number];
export type BoilerSettings = SimSettings['boilers'][number];
export type BatterySettings = SimSettings['batteries'][number];
export type PvSettings = NonNullable<SimSettings['pv']>;
export type BaseLoadSettings = NonNullable<SimSettings['baseLoad']>;
export type BreakerCurve = z.output<typeof breakerCurve>;
