// SIGTERM's last act (issue 5, "On SIGTERM, set fail-safe profiles before exiting"): every device
// that can is put to its fail-safe current and must confirm within a deadline; what confirmed and
// what did not goes on the bus (failsafe.entered, failsafe.confirmed) and back to the caller.
import { isFailsafeCapable, type DeviceDriver } from '../devices/driver.js';
import type { EventBus } from './events.js';

export interface ShutdownReport {
  devices: string[];
  failed: { deviceId: string; error: string }[];
}

/** Every fail-safe-capable driver to its fail-safe current, each within timeoutMs. */
export async function failsafeAll(
  drivers: readonly DeviceDriver[],
  bus: EventBus,
  reason: string,
  timeoutMs: number,
): Promise<ShutdownReport> {
  bus.emit({ type: 'failsafe.entered', cause: 'shutdown', reason });
  const capable = drivers.filter(isFailsafeCapable);
  const results = await Promise.allSettled(
    capable.map((d) => withTimeout(d.failsafe(), timeoutMs, `no confirmation within ${timeoutMs / 1000} s`)),
  );
  const report: ShutdownReport = { devices: [], failed: [] };
  results.forEach((r, i) => {
    const deviceId = capable[i]!.deviceId;
    if (r.status === 'fulfilled') report.devices.push(deviceId);
    else
      report.failed.push({
        deviceId,
        error: r.reason instanceof Error ? r.reason.message : String(r.reason),
      });
  });
  bus.emit({ type: 'failsafe.confirmed', ...report });
  return report;
}

/** Real time on purpose: a shutdown deadline holds whatever clock the controller runs on. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
