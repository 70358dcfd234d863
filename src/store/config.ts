// The `history:` section of the run configuration (docs/history.md). The data directory itself is
// the top-level `dataDir`. Unknown keys are errors; defaults live here and nowhere else.
import { z } from 'zod';

export const historyConfigSchema = z.strictObject({
  /** Keep history at all (the lead's controller does not open the store when false). */
  enabled: z.boolean().default(true),
  /** Second rows older than this are deleted. At least an hour: a restart rebuilds the open quarter from them. */
  keepSecondsH: z.number().finite().min(1).default(24),
  /** Minute rows older than this are deleted; quarter rows are kept forever. */
  keepMinutesDays: z.number().finite().min(1).default(366),
  /** Events older than this are deleted; null keeps them forever. */
  keepEventsDays: z.number().finite().positive().nullable().default(null),
  /**
   * Energy is power × the time since the previous cycle; a longer gap (a silent meter, a stalled
   * process) counts as this long, so a gap never invents energy. Covers DSMR 4's 10 s telegrams.
   */
  maxGapS: z.number().finite().positive().default(15),
});

export type HistoryConfig = z.output<typeof historyConfigSchema>;

/** Every default, for callers without a `history:` section. */
export const DEFAULT_HISTORY_CONFIG: HistoryConfig = historyConfigSchema.parse({});
