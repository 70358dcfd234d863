// The API's shapes as zod schemas: request bodies and queries are validated with them, and the
// OpenAPI document (openapi.ts) is generated from them, so the document cannot drift from what
// the server accepts. The response schemas mirror the TypeScript contracts (src/model/live.ts,
// history.ts); the `Same` checks below fail to compile when the two part.
import { z } from 'zod';
import type { ChargingSession, HistoryPoint, StoredEvent } from '../model/history.js';
import { RESOLUTIONS } from '../model/history.js';
import type { LiveCircuit, LiveDevice, LiveMeter, LiveState } from '../model/live.js';
import { PHASES } from '../model/units.js';
import { MODES } from '../site/schema.js';

const num = z.number();
const nullableNum = z.number().nullable();
const phase = z.enum(PHASES);

export const liveCircuitSchema = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  limitA: num,
  fuseA: num,
  marginA: num,
  measuredA: z.array(num).nullable(),
  baseLoadA: z.array(num),
  headroomA: z.array(num),
});

export const liveDeviceSchema = z.object({
  id: z.string(),
  kind: z.enum(['charger', 'stepped', 'switch', 'battery']),
  circuit: z.string(),
  mode: z.enum(MODES),
  priority: z.number().int(),
  minA: nullableNum,
  maxA: nullableNum,
  configuredMaxA: nullableNum,
  setpointA: num,
  targetA: num,
  phases: z.array(phase),
  powerW: num,
  measuredA: z.array(num).nullable(),
  measuredPowerW: nullableNum,
  status: z.enum(['running', 'paused', 'off', 'disconnected', 'failsafe']),
  reason: z.string(),
  limitedBy: z.string().nullable(),
  available: z.boolean(),
  vehicleConnected: z.boolean().nullable(),
  sessionEnergyKWh: nullableNum,
  soc: nullableNum,
});

export const liveMeterSchema = z.object({
  source: z.string(),
  timestamp: z.string().nullable(),
  ageS: num,
  powerImportW: nullableNum,
  powerExportW: nullableNum,
  voltageV: z.array(nullableNum),
  currentA: z.array(nullableNum),
  phasePowerImportW: z.array(nullableNum),
  phasePowerExportW: z.array(nullableNum),
  netCurrentA: z.array(nullableNum),
  energyImportKWh: nullableNum,
  energyExportKWh: nullableNum,
});

export const liveStateSchema = z.object({
  cycle: z.number().int(),
  atMs: num,
  at: z.string(),
  site: z.object({
    phases: z.union([z.literal(1), z.literal(3)]),
    network: z.enum(['tn', 'it']),
    voltageV: num,
    fuseA: num,
    marginA: num,
    limitA: num,
    timezone: z.string(),
  }),
  failsafe: z.boolean(),
  meter: liveMeterSchema.nullable(),
  circuits: z.array(liveCircuitSchema),
  devices: z.array(liveDeviceSchema),
  gridPowerW: nullableNum,
  surplusW: num,
  pvW: nullableNum,
  quarterHour: z.object({ targetW: num, averageSoFarW: num, elapsedS: num, allowedW: num }).nullable(),
  monthPeakW: nullableNum,
});

export const historyPointSchema = z.object({
  tMs: num,
  importW: num,
  exportW: num,
  pvW: nullableNum,
  phaseA: z.array(num),
  phaseMaxA: z.array(num),
  limitA: num,
  devicesW: z.record(z.string(), num),
  importKWh: num,
  exportKWh: num,
});

export const sessionSchema = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  startMs: num,
  endMs: nullableNum,
  energyKWh: num,
  solarShare: num,
  maxPowerW: num,
});

export const storedEventSchema = z.object({
  id: z.number().int(),
  atMs: num,
  type: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
});

// Compile-time: each schema's type is exactly the contract's (both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
same<Same<z.infer<typeof liveStateSchema>, LiveState>>();
same<Same<z.infer<typeof liveCircuitSchema>, LiveCircuit>>();
same<Same<z.infer<typeof liveDeviceSchema>, LiveDevice>>();
same<Same<z.infer<typeof liveMeterSchema>, LiveMeter>>();
same<Same<z.infer<typeof historyPointSchema>, HistoryPoint>>();
same<Same<z.infer<typeof sessionSchema>, ChargingSession>>();
same<Same<z.infer<typeof storedEventSchema>, StoredEvent>>();

// Requests.
export const deviceChangeSchema = z
  .strictObject({
    mode: z.enum(MODES).optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
    maxA: z.number().positive().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'give at least one of mode, priority, maxA');

export const siteChangeSchema = z
  .strictObject({
    limitA: z.number().positive().nullable().optional(),
    marginA: z.number().nonnegative().optional(),
    peakTargetW: z.union([z.number().positive(), z.literal('monthPeak'), z.null()]).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'give at least one of limitA, marginA, peakTargetW');

const ms = z.coerce.number().int().nonnegative();

export const historyQuerySchema = z.strictObject({
  resolution: z.enum(RESOLUTIONS).default('minute'),
  fromMs: ms.optional(),
  toMs: ms.optional(),
  token: z.string().optional(),
});

export const rangeQuerySchema = z.strictObject({
  fromMs: ms.optional(),
  toMs: ms.optional(),
  token: z.string().optional(),
});

export const eventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeId: z.coerce.number().int().positive().optional(),
  type: z.string().min(1).optional(),
  token: z.string().optional(),
});

export const errorSchema = z.object({
  error: z.string(),
  /** The request field at fault ("maxA", "body", "devices.car1.maxA"). */
  field: z.string().nullable(),
});

/** A zod failure as the API's error body: the first issue, with its path. */
export function zodError(error: z.ZodError, where: string): z.infer<typeof errorSchema> {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
  return {
    error: `${where}${path ? `.${path}` : ''}: ${keys ? `unknown key ${keys}` : (issue?.message ?? 'invalid')}`,
    field: path || keys || where,
  };
}
