// The `ocpp:` section of the configuration: how the central system listens and whom it lets in.
// Unknown keys are errors (strictObject); defaults live here and nowhere else.
import { z } from 'zod';

/** OCPP identities travel in the URL path; keep them to characters that need no escaping. */
const stationId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'a station id is letters, digits, "_", "-", "." or ":"');

/** Per-model behaviour that differs from the specification; see quirks.ts for the built-in table. */
export const quirksSchema = z.strictObject({
  /** Use this stack level instead of the one the station reports (some reject anything but 0). */
  stackLevel: z.number().int().nonnegative().optional(),
  /** Send limits in this unit whatever the station reports. */
  rateUnit: z.enum(['A', 'W']).optional(),
  /** The station rejects or ignores TxProfile: carry every limit in its TxDefaultProfile. */
  txDefaultOnly: z.boolean().optional(),
});
export type Quirks = z.infer<typeof quirksSchema>;

const stationSchema = z.strictObject({
  /** Security profile 1/2: the basic-auth password (the username is the station id). */
  password: z.string().min(1).optional(),
  quirks: quirksSchema.optional(),
});

export const csmsConfigSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(9000),
    host: z.string().min(1).default('0.0.0.0'),
    /**
     * 0: no authentication (a trusted network only); 1: basic auth per station; 2: TLS and basic auth
     * (the runtime hands the CSMS an https server). OCPP 1.6 Security Whitepaper §2, OCPP 2.0.1 A00.
     */
    securityProfile: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    stations: z.record(stationId, stationSchema).default({}),
    /** Let in stations that are not listed (profile 0 only: an unlisted station has no password). */
    acceptUnknown: z.boolean().default(false),
    /** Authorize / StartTransaction: every idTag, or only these. */
    authorize: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
    heartbeatIntervalS: z.number().int().positive().default(300),
    /** MeterValueSampleInterval (1.6) and SampledDataCtrlr.TxUpdatedInterval (2.0.1). */
    meterValueIntervalS: z.number().int().positive().default(10),
    /** A call the station does not answer within this is failed; its other calls carry on. */
    callTimeoutS: z.number().positive().default(10),
    /** A station that reconnects without a BootNotification is configured after this wait. */
    bootWaitS: z.number().nonnegative().default(3),
  })
  .superRefine((config, ctx) => {
    if (config.securityProfile === 0) return;
    for (const [id, station] of Object.entries(config.stations)) {
      if (station.password === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['stations', id, 'password'],
          message: `security profile ${config.securityProfile} needs a password for every station`,
        });
      }
    }
  });

export type CsmsConfigInput = z.input<typeof csmsConfigSchema>;
export type CsmsConfig = z.output<typeof csmsConfigSchema>;
