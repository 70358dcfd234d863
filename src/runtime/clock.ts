// The shared Clock lives in src/model/clock.ts; the runtime re-exports it for its own modules.
export { after, CANCELLED, systemClock, type Clock } from '../model/clock.js';
