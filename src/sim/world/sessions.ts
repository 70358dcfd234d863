// Charging sessions per charger, drawn before the run from the charger's own random stream: on
// each day a car comes with the configured probability, arriving, staying and asking for energy
// as the ElaadNL statistics say (or at fixed times). A car already there at the start of the run
// (it came the evening before) keeps the share of its request that fits the rest of its stay.
import type { RunCalendar } from '../calendar.js';
import { arrivalCdf, sampleArrivalS, sampleConnectionS, sampleEnergyKWh } from '../data/elaad.js';
import { childRandom } from '../random.js';
import type { EvSettings } from '../scenario/schema.js';
import { hourStartS } from './events.js';

export interface EvSession {
  deviceId: string;
  /** Seconds from the run's start; departure is clipped to the run's end. */
  arrivalS: number;
  departureS: number;
  energyKWh: number;
  /** Seconds the car takes to follow a new setpoint. */
  responseDelayS: number;
  /** When it really arrived, before arrivalS was clipped to the run's start (may be negative). */
  arrivedS?: number;
}

const MIN_STAY_S = 900;
const MIN_GAP_S = 600;

/** Local midnights of the run, plus the one before it (cars that came the evening before). */
function dayStarts(cal: RunCalendar): { startS: number; weekday: number; dayType: number }[] {
  const days: { startS: number; weekday: number; dayType: number }[] = [];
  for (let h = 0; h < cal.hours; h++) {
    if (cal.localHour[h] !== 0) continue;
    days.push({ startS: hourStartS(cal, h), weekday: cal.weekday[h]!, dayType: cal.dayType[h]! });
  }
  const first = days[0];
  const startS = first ? first.startS - 86_400 : hourStartS(cal, 0) - cal.localHour[0]! * 3600;
  const weekday = first ? (first.weekday + 6) % 7 : cal.weekday[0]!;
  days.unshift({ startS, weekday, dayType: weekday === 0 ? 2 : weekday === 6 ? 1 : 0 });
  return days;
}

const clock = (t: string): number => Number(t.slice(0, 2)) * 3600 + Number(t.slice(3, 5)) * 60;

export function evSessions(ev: EvSettings, cal: RunCalendar, endS: number, seed: number): EvSession[] {
  const sessions: EvSession[] = [];
  let freeFromS = -Infinity;
  const [delayLo, delayHi] = ev.responseDelayS;
  for (const day of dayStarts(cal)) {
    // Each day draws from its own stream (keyed by the local midnight), so any window of a run
    // has the same cars.
    const random = childRandom(seed, `ev ${ev.charger}@${cal.startMs / 1000 + day.startS}`);
    const drawn: { arrivalS: number; stayS: number; energyKWh: number }[] = [];
    if (ev.sessions) {
      for (const f of ev.sessions) {
        if (f.weekdays && !f.weekdays.includes(day.weekday)) continue;
        const arrive = clock(f.arrive);
        let leave = clock(f.leave);
        if (leave <= arrive) leave += 86_400;
        drawn.push({ arrivalS: day.startS + arrive, stayS: leave - arrive, energyKWh: f.energyKWh });
      }
    } else if (random() < ev.sessionsPerDay) {
      const cdf = arrivalCdf(ev.location, day.dayType !== 0);
      if (cdf) {
        drawn.push({
          arrivalS: day.startS + sampleArrivalS(cdf, random),
          stayS: Math.max(MIN_STAY_S, sampleConnectionS(ev.location, random)),
          energyKWh: Math.max(0.5, sampleEnergyKWh(ev.location, random)),
        });
      }
    }
    for (const d of drawn) {
      const responseDelayS = delayLo + Math.floor(random() * (delayHi - delayLo + 1));
      if (d.arrivalS < freeFromS + MIN_GAP_S) continue;
      let arrivalS = d.arrivalS;
      const departureS = Math.min(endS, Math.round(d.arrivalS + d.stayS));
      let energyKWh = Math.min(d.energyKWh, ev.car.batteryKWh);
      if (arrivalS < 0) {
        energyKWh *= Math.max(0, departureS) / d.stayS;
        arrivalS = 0;
      }
      freeFromS = d.arrivalS + d.stayS;
      if (departureS - arrivalS < 60 || arrivalS >= endS || energyKWh < 0.1) continue;
      sessions.push({
        deviceId: ev.charger,
        arrivalS,
        departureS,
        energyKWh,
        responseDelayS,
        arrivedS: d.arrivalS,
      });
    }
  }
  return sessions;
}
