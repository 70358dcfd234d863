// The one Logger shape. Log lines are for people; what other parts must react to goes on the event
// bus instead (src/runtime/events.ts).

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
