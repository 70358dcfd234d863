// Station models that differ from the specification: data, matched on the BootNotification's vendor
// and model, never an `if` in the protocol code. The configuration's per-station `quirks` override
// an entry. Each entry names where the behaviour was reported; docs/devices.md lists them for users.
import type { Quirks } from './config.js';

export interface QuirkEntry {
  vendor: RegExp;
  model: RegExp;
  quirks: Quirks;
  /** Where this was observed (issue tracker, manual): nothing here is guessed. */
  source: string;
}

export const QUIRKS: readonly QuirkEntry[] = [
  {
    vendor: /^ABB/i,
    // Terra AC reports its model as e.g. "CDT_TACW11::NET_WIFI" (lbbrhzn/ocpp#1275).
    model: /TACW/i,
    quirks: { stackLevel: 0 },
    source: 'evcc-io/evcc#15493, lbbrhzn/ocpp#1737: Terra AC (FW 1.8) rejects profiles with stackLevel > 0',
  },
];

export function quirksFor(
  vendor: string | null,
  model: string | null,
  override: Quirks | undefined,
  table: readonly QuirkEntry[] = QUIRKS,
): Quirks {
  const entry =
    vendor === null || model === null
      ? undefined
      : table.find((q) => q.vendor.test(vendor) && q.model.test(model));
  return { ...entry?.quirks, ...override };
}
