// The site configuration (YAML), validated with zod. Unknown keys are errors everywhere
// (strictObject), defaults live here and nowhere else. docs/configuration.md documents every key.
import { z } from 'zod';
import { PHASES } from '../model/units.js';

function isTimeZone(name: string): boolean {
  // The canonical names are checked without a formatter: the first Intl.DateTimeFormat of a process
  // loads ~8 MB of ICU data the daemon otherwise never needs (model/zoneinfo.ts).
  if (Intl.supportedValuesOf('timeZone').includes(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const phase = z.enum(PHASES);
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'an id is letters, digits, "_", "-" or "." (no spaces)');
const amps = z.number().finite().nonnegative();
const positiveAmps = z.number().finite().positive();
const watts = z.number().finite().nonnegative();
const seconds = z.number().finite().nonnegative();
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day is "HH:MM" (24 h)');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const MODES = ['off', 'now', 'minpv', 'pv', 'planned'] as const;
export const modeSchema = z.enum(MODES);
export type Mode = z.infer<typeof modeSchema>;

/** Quarter-hour peak control (capacity tariff): keep the running 15-minute average import under a target. */
const peakSchema = z.strictObject({
  /** A fixed target in W, or the month's highest quarter so far (Belgian capacity tariff). */
  targetW: z.union([watts, z.literal('monthPeak')]),
  /** The target never goes below this (Belgium bills at least 2.5 kW). */
  minimumW: watts.default(2500),
  /** Stop adding load this many W under the target, to absorb the unexpected. */
  marginW: watts.default(100),
});

/** A lower site limit between given times ("peak hours"). */
const scheduleEntrySchema = z.strictObject({
  from: clockTime,
  to: clockTime,
  days: z.array(weekday).min(1).optional(),
  /** The main fuse is treated as this many A per phase in the window. */
  limitA: amps,
});

const siteSchema = z.strictObject({
  phases: z.union([z.literal(1), z.literal(3)]),
  /** tn = 3x400 V + N (or 1x230 V); it = 3x230 V without neutral (Belgium): 1-phase loads sit between two lines. */
  network: z.enum(['tn', 'it']).default('tn'),
  voltageV: z.number().finite().positive().default(230),
  fuseA: positiveAmps,
  marginA: amps.default(1),
  neutralA: positiveAmps.optional(),
  /** What each device may draw while the meter is stale, unless the device says otherwise. */
  failsafeA: amps.default(6),
  /** Meter data older than this is stale. */
  staleAfterS: z.number().finite().positive().default(3),
  /** The IANA time zone for schedules, quarter hours and months. */
  timezone: z
    .string()
    .min(1)
    .refine(isTimeZone, 'not an IANA time zone this Node.js knows (e.g. "Europe/Brussels")')
    .default('Europe/Amsterdam'),
  /** Increases wait until the headroom has been stable for this long. */
  increaseDelayS: seconds.default(5),
  /** And then ramp at this rate (A per phase per second). */
  rampAPerS: z.number().finite().positive().default(1),
  /** In a shortage, a running device keeps its turn this long before a waiting one with less session energy takes over. */
  rotateAfterS: seconds.default(900),
  peak: peakSchema.optional(),
  schedule: z.array(scheduleEntrySchema).default([]),
});

const circuitSchema = z.strictObject({
  id,
  parent: id.default('main'),
  fuseA: positiveAmps,
  marginA: amps.optional(),
  /** A circuit with its own meter (a sub-meter input); unmetered circuits count their devices' draw. */
  metered: z.boolean().default(false),
});

/** Solar-surplus behaviour for `pv` and `minpv`. */
const solarSchema = z.strictObject({
  /** `pv`: start when the surplus has covered the minimum power for this long. */
  startDelayS: seconds.default(60),
  /** `pv`: stop when importing more than stopImportW for this long. */
  stopDelayS: seconds.default(300),
  stopImportW: watts.default(300),
});

/** `planned`: this much energy by a departure time. */
const planSchema = z.strictObject({
  energyKWh: z.number().finite().positive(),
  by: clockTime,
});

const deviceCommon = {
  id,
  circuit: id.default('main'),
  /** The site phase each of the device's phases sits on (its rotation). */
  phases: z.array(phase).min(1).max(3),
  /** Higher is served first. */
  priority: z.number().int().default(0),
  mode: modeSchema.default('now'),
  /** Overrides site.failsafeA for this device. */
  failsafeA: amps.optional(),
  /** Minimum time on once started, and off once paused (anti-flapping). */
  minOnS: seconds.default(60),
  minOffS: seconds.default(60),
  solar: solarSchema.prefault({}),
  plan: planSchema.optional(),
  /** Which driver reaches the device (run time only; the allocator ignores it). */
  driver: z.string().min(1).optional(),
};

const chargerSchema = z.strictObject({
  ...deviceCommon,
  kind: z.literal('charger'),
  minA: positiveAmps.default(6),
  maxA: positiveAmps,
  /** Setpoint resolution: 1 A or 0.1 A. */
  stepA: z.union([z.literal(1), z.literal(0.1)]).default(1),
  /** 1p/3p switching: the charger may drop to one phase (the first in `phases`) and back. */
  phaseSwitching: z
    .strictObject({
      maxSwitchesPerSession: z.number().int().nonnegative().default(4),
      /** Switch only once the other phase count has been the better fit for this long. */
      delayS: seconds.default(60),
      /** Pause after a switch before charging again (cars need it to re-negotiate). */
      pauseS: seconds.default(30),
    })
    .optional(),
});

const steppedSchema = z.strictObject({
  ...deviceCommon,
  kind: z.literal('stepped'),
  /** The discrete total powers the device can run at (a heat pump's SG Ready states, a boiler's elements); 0 is implied. */
  stepsW: z.array(watts).min(1),
});

const switchSchema = z.strictObject({
  ...deviceCommon,
  kind: z.literal('switch'),
  powerW: z.number().finite().positive(),
});

const batterySchema = z.strictObject({
  ...deviceCommon,
  kind: z.literal('battery'),
  maxChargeW: watts,
  maxDischargeW: watts,
});

export const deviceSchema = z.discriminatedUnion('kind', [
  chargerSchema,
  steppedSchema,
  switchSchema,
  batterySchema,
]);

export const siteConfigSchema = z.strictObject({
  site: siteSchema,
  circuits: z.array(circuitSchema).default([]),
  devices: z.array(deviceSchema).default([]),
});

export type SiteConfig = z.infer<typeof siteConfigSchema>;
export type SiteSettings = SiteConfig['site'];
export type CircuitConfig = SiteConfig['circuits'][number];
export type DeviceConfig = SiteConfig['devices'][number];
export type ChargerConfig = z.infer<typeof chargerSchema>;
export type SteppedConfig = z.infer<typeof steppedSchema>;
export type SwitchConfig = z.infer<typeof switchSchema>;
export type BatteryConfig = z.infer<typeof batterySchema>;
