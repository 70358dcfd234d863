// Small builders for the notify tests.
import type { AmpshareEvent } from '../../runtime/events.js';
import type { Notification, NotificationKind } from '../kinds.js';

export const T0 = Date.parse('2025-06-01T10:00:00.000Z');

/** A notification of `kind` about `subject` at T0 + atS seconds. */
export function aNotification(kind: NotificationKind, atS: number, subject = 'device car1'): Notification {
  const event: AmpshareEvent = { type: 'allocator.warning', message: `${kind} ${subject}` };
  return {
    kind,
    subject,
    title: `${subject} ${kind}`,
    message: `${kind} at ${atS} s`,
    atMs: T0 + atS * 1000,
    event,
    counts: { [kind]: 1 },
  };
}

/** A device.setpoint event with the status that matters to notifications. */
export function aSetpoint(
  deviceId: string,
  status: 'running' | 'paused',
  setpointA = status === 'running' ? 10 : 0,
) {
  return {
    type: 'device.setpoint',
    deviceId,
    setpointA,
    phases: ['L1', 'L2', 'L3'],
    status,
    reason: status === 'running' ? 'surplus 2.4 kW' : 'no surplus for 5 min',
    limitedBy: null,
    previousA: null,
  } satisfies AmpshareEvent;
}
