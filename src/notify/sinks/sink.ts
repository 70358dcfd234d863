// The one thing a sink does: deliver a message. Retrying is not its business (deliver.ts does it
// for every sink alike); it says, by SinkError.retryable, whether another attempt could succeed.
import type { Logger } from '../../model/logger.js';
import type { Notification } from '../kinds.js';

export interface Sink {
  /** Resolves once the peer took the message; rejects (preferably with a SinkError) otherwise. */
  send(n: Notification): Promise<void>;
  /** Lets go of connections (MQTT, SMTP). */
  close?(): Promise<void>;
}

export interface SinkContext {
  /** The sink's name in the configuration, for errors and log lines. */
  name: string;
  log: Logger;
}

/** A delivery that failed; `retryable` false for answers that will not change (HTTP 4xx, SMTP 5xx). */
export class SinkError extends Error {
  constructor(
    readonly sink: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`${sink}: ${message}`, options);
    this.name = 'SinkError';
  }
}

/** The message as JSON, the same for the webhook and MQTT. */
export function notificationJson(n: Notification): string {
  return JSON.stringify({
    kind: n.kind,
    subject: n.subject,
    title: n.title,
    message: n.message,
    at: new Date(n.atMs).toISOString(),
    counts: n.counts,
    event: n.event,
  });
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
