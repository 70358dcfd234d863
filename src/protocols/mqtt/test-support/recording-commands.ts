// A Commands that records what it was asked and can refuse: the bridge's tests need no controller.
// To run them against the real implementation, hand the bridge that one instead.
import type { Commands, DeviceChange, SiteChange } from '../../../runtime/commands.js';
import type { SettingsOrigin } from '../../../runtime/events.js';

export type RecordedCall =
  | { kind: 'device'; deviceId: string; change: DeviceChange; origin: SettingsOrigin }
  | { kind: 'site'; change: SiteChange; origin: SettingsOrigin };

export class RecordingCommands implements Commands {
  readonly calls: RecordedCall[] = [];
  #waiters = new Set<() => void>();

  /** Throw here (a SettingsError) to refuse a change; the call is recorded first either way. */
  constructor(private readonly check: (call: RecordedCall) => void = () => {}) {}

  setDevice(deviceId: string, change: DeviceChange, origin: SettingsOrigin): void {
    this.#record({ kind: 'device', deviceId, change, origin });
  }

  setSite(change: SiteChange, origin: SettingsOrigin): void {
    this.#record({ kind: 'site', change, origin });
  }

  /** Resolves with the n-th call (0-based) once it has been made. */
  nth(n: number, timeoutMs = 5000): Promise<RecordedCall> {
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        const call = this.calls[n];
        if (!call) return;
        this.#waiters.delete(attempt);
        clearTimeout(timer);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(attempt);
        reject(new Error(`timed out waiting for command #${n}; got ${JSON.stringify(this.calls)}`));
      }, timeoutMs);
      this.#waiters.add(attempt);
      attempt();
    });
  }

  #record(call: RecordedCall): void {
    this.calls.push(call);
    for (const wake of [...this.#waiters]) wake();
    this.check(call);
  }
}
