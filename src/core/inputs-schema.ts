// The allocator's inputs as JSON (the CLI's input.json), validated with zod so that a typo is an
// error naming the key, not a silent default. The shape is AllocatorInputs (inputs.ts).
import { z } from 'zod';
import type { AllocatorInputs } from './inputs.js';

const current = z.number().finite();
const nonNegative = z.number().finite().nonnegative();
const nullableNumber = z.number().finite().nullable();

const gridSchema = z.strictObject({
  netCurrentA: z.array(current).min(1).max(3).nullable(),
  ageS: nonNegative.optional(),
  powerImportW: nullableNumber.optional(),
  powerExportW: nullableNumber.optional(),
  capacity: z
    .strictObject({ averageDemandW: nullableNumber.optional(), monthPeakW: nullableNumber.optional() })
    .nullable()
    .optional(),
});

const deviceSchema = z.strictObject({
  connected: z.boolean().optional(),
  measuredA: z.array(nonNegative).min(1).max(3).optional(),
  energyKWh: nonNegative.optional(),
  soc: z.number().finite().min(0).max(100).optional(),
});

export const allocatorInputsSchema = z.strictObject({
  time: z.iso.datetime({ offset: true }).optional(),
  grid: gridSchema,
  devices: z.record(z.string(), deviceSchema).default({}),
  circuits: z.record(z.string(), z.strictObject({ netCurrentA: z.array(current).min(1).max(3) })).optional(),
  externalLimit: z
    .strictObject({ totalA: nonNegative.optional(), totalW: nonNegative.optional() })
    .optional(),
  quarterHour: z
    .strictObject({ energyKWh: nonNegative.optional(), elapsedS: nonNegative.max(900).optional() })
    .optional(),
  pvW: nonNegative.optional(),
});

// The schema and the interface must describe the same thing.
const _sameShape: (x: z.output<typeof allocatorInputsSchema>) => AllocatorInputs = (x) => x;
void _sameShape;
