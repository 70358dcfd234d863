// The typed event bus: everything the running controller says goes here, and the parts that
// react (the CLI's log, later the store, MQTT, the dashboard, notifications) listen here and never
// call each other. Delivery is synchronous and in order; a listener that throws is reported and
// isolated, so a broken feature never takes the control loop down (STYLE: zigbee2mqtt).
import type { AllocationResult } from '../core/allocate.js';
import type { DeviceStatus } from '../core/inputs.js';
import type { DeviceEvent } from '../devices/driver.js';
import type { SourceStatus } from '../meters/sources/source.js';
import type { LiveState } from '../model/live.js';
import type { Phase } from '../model/units.js';
import type { OcppEvent } from '../protocols/ocpp/context.js';

export type CycleTrigger = 'telegram' | 'stale';

export type RuntimeEvent =
  | {
      type: 'controller.started';
      meter: string;
      ocppPort: number | null;
      /** The dashboard and API, when served. */
      httpUrl: string | null;
      devices: string[];
    }
  | { type: 'controller.stopping'; reason: string }
  | { type: 'controller.stopped' }
  /** The meter source's connection news and the reader's watchdog (silent / recovered). */
  | { type: 'meter.status'; state: SourceStatus['state'] | 'silent' | 'recovered'; message: string }
  /** A telegram that could not be decoded (CRC, framing); the next one is used. */
  | { type: 'meter.error'; message: string }
  /** Meter data older than site.staleAfterS: every device goes to its fail-safe current. */
  | { type: 'meter.stale'; ageS: number | null; staleAfterS: number; message: string }
  /** Telegrams again after a stale spell: normal control resumes, increases with the normal ramp. */
  | { type: 'meter.back'; staleForS: number; message: string }
  /** One control cycle: the allocator's whole answer (per cycle; the CLI does not print it). */
  | {
      type: 'cycle.completed';
      atMs: number;
      trigger: CycleTrigger;
      durationMs: number;
      result: AllocationResult;
    }
  | { type: 'cycle.overrun'; trigger: CycleTrigger; durationMs: number; budgetMs: number }
  /** A cycle threw (a bug): no setpoints this cycle; the drivers' dead-man switches still hold. */
  | { type: 'cycle.failed'; trigger: CycleTrigger; error: string }
  /** A device's setpoint, phases or status changed (not sent every cycle, though applied every cycle). */
  | {
      type: 'device.setpoint';
      deviceId: string;
      setpointA: number;
      phases: Phase[];
      status: DeviceStatus;
      reason: string;
      limitedBy: string | null;
      previousA: number | null;
    }
  /** The device cannot be controlled now (unreachable, faulted, refusing limits, ignoring them). */
  | { type: 'device.unavailable'; deviceId: string; reason: string; heldA: number | null }
  | { type: 'device.available'; deviceId: string }
  /** A `phases: auto` device reported its rotation; the site model was rebuilt with it. */
  | { type: 'device.phasesLearned'; deviceId: string; phases: Phase[] }
  /** The allocator noticed an input that does not fit the configuration (said once per message). */
  | { type: 'allocator.warning'; message: string }
  | { type: 'failsafe.entered'; cause: 'meter' | 'shutdown'; reason: string }
  | { type: 'failsafe.left'; cause: 'meter' }
  /** On shutdown: which devices confirmed their fail-safe, which did not (and why). */
  | { type: 'failsafe.confirmed'; devices: string[]; failed: { deviceId: string; error: string }[] }
  /** After every cycle: the whole live state (per cycle; the CLI does not print it). */
  | { type: 'state.updated'; state: LiveState }
  /**
   * A measured current above a limit (not the margin: the limit itself): the devices under it were
   * cut in the same cycle. Said when it starts on a circuit and phase, not every cycle it lasts.
   */
  | {
      type: 'overload.cut';
      circuit: string;
      phase: Phase;
      measuredA: number;
      limitA: number;
      devices: { deviceId: string; fromA: number; toA: number }[];
      message: string;
    }
  /** A quarter hour closed above the month's highest so far (the capacity tariff bills the month's peak). */
  | { type: 'peak.monthly'; month: string; peakW: number; previousW: number | null; message: string }
  /** A run-time change (API, MQTT) was validated, applied and persisted. */
  | {
      type: 'settings.changed';
      origin: SettingsOrigin;
      /** "device car1" or "site". */
      target: string;
      changes: Record<string, { from: unknown; to: unknown }>;
      message: string;
    };

export type SettingsOrigin = 'api' | 'mqtt' | 'startup';

export type AmpshareEvent = RuntimeEvent | DeviceEvent | OcppEvent;
export type EventType = AmpshareEvent['type'];
export type EventOf<K extends EventType> = Extract<AmpshareEvent, { type: K }>;

type AnyListener = (event: AmpshareEvent) => void;

export class EventBus {
  readonly #byType = new Map<EventType, Set<AnyListener>>();
  readonly #any = new Set<AnyListener>();

  /** `onError` hears about listeners that threw; the default writes to stderr. */
  constructor(
    private readonly onError: (error: unknown, event: AmpshareEvent) => void = (error, event) =>
      console.error(`event bus: a listener failed on ${event.type}:`, error),
  ) {}

  /** Listens to one event type; returns the unsubscriber. */
  on<K extends EventType>(type: K, listener: (event: EventOf<K>) => void): () => void {
    let set = this.#byType.get(type);
    if (!set) this.#byType.set(type, (set = new Set()));
    const wrapped = listener as AnyListener;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Listens to everything; returns the unsubscriber. */
  onAny(listener: AnyListener): () => void {
    this.#any.add(listener);
    return () => this.#any.delete(listener);
  }

  emit(event: AmpshareEvent): void {
    const typed = this.#byType.get(event.type);
    if (typed) for (const listener of typed) this.#deliver(listener, event);
    for (const listener of this.#any) this.#deliver(listener, event);
  }

  #deliver(listener: AnyListener, event: AmpshareEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.onError(error, event);
    }
  }
}
