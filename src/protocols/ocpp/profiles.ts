// Charging profiles: one protocol-neutral description (ProfileSpec), written out as the 1.6 or 2.0.1
// SetChargingProfile payload. Pure, so the exact frames are tested as tables.
//
// Only two purposes are used. TxProfile carries the live limit of a running transaction with a
// short `duration` (the dead-man switch); TxDefaultProfile carries the limit for the next session
// for the same span, then the fail-safe current for ever. A station whose TxProfile runs out falls
// back to its TxDefaultProfile (1.6 §3.13.2, 2.0.1 K01 "precedence"), which by then says fail-safe.
// ChargePointMaxProfile / ChargingStationMaxProfile are not used: they cap every other profile, so a
// fail-safe value there would cap the live limits too, and several stations reject them.
import { wattsPerAmp } from '../../model/units.js';

export type ProfilePurpose = 'TxProfile' | 'TxDefaultProfile';

export interface SchedulePeriod {
  /** Seconds from the schedule's start. */
  startS: number;
  /** Per phase; 0 pauses the session. */
  currentA: number;
}

export interface ProfileSpec {
  purpose: ProfilePurpose;
  connectorId: number;
  /** TxProfile only: the live transaction (1.6 sends it as an integer). */
  transactionId: string | null;
  /** startSchedule: the profile is Absolute, so its duration counts from here. */
  startMs: number;
  periods: SchedulePeriod[];
  /** The schedule ends after this many seconds (TxProfile → the station falls back); null: never. */
  durationS: number | null;
  phases: 1 | 3;
}

/** How this station wants limits written; read from its configuration after boot. */
export interface ProfileUnits {
  rateUnit: 'A' | 'W';
  stackLevel: number;
  /** Nominal voltage for A → W when the station only takes W: to neutral on tn, between lines on it. */
  voltageV: number;
  /** The site's network (default tn); on it (3x230 V without neutral) power per amp differs. */
  network?: 'tn' | 'it';
}

/**
 * Fixed ids per (purpose, connector): a profile with the same id replaces its predecessor
 * (1.6 §5.16.3 "same chargingProfileId … SHALL replace", 2.0.1 K01.FR.05), so a renewal never stacks.
 */
export function chargingProfileId(purpose: ProfilePurpose, connectorId: number): number {
  return (purpose === 'TxProfile' ? 2000 : 1000) + connectorId;
}

/** A in tenths, rounded down (1.6's schema has multipleOf 0.1), or whole W for stations that take W. */
export function limitValue(currentA: number, phases: 1 | 3, units: ProfileUnits): number {
  const amps = Math.max(0, currentA);
  if (units.rateUnit === 'A') return Math.floor(amps * 10 + 1e-9) / 10;
  return Math.floor(amps * wattsPerAmp(units.network ?? 'tn', units.voltageV, phases) + 1e-9);
}

function periods(spec: ProfileSpec, units: ProfileUnits) {
  return spec.periods.map((p) => ({
    startPeriod: p.startS,
    limit: limitValue(p.currentA, spec.phases, units),
    // Always sent: a station that assumes 3 would otherwise misread a 1-phase W limit.
    numberPhases: spec.phases,
  }));
}

/** OCPP 1.6 SetChargingProfile.req (§6.43, §7.8 ChargingProfile). */
export function setChargingProfileV16(spec: ProfileSpec, units: ProfileUnits) {
  const id = chargingProfileId(spec.purpose, spec.connectorId);
  return {
    connectorId: spec.connectorId,
    csChargingProfiles: {
      chargingProfileId: id,
      ...(spec.transactionId !== null ? { transactionId: Number(spec.transactionId) } : {}),
      stackLevel: units.stackLevel,
      chargingProfilePurpose: spec.purpose,
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        ...(spec.durationS !== null ? { duration: spec.durationS } : {}),
        startSchedule: new Date(spec.startMs).toISOString(),
        chargingRateUnit: units.rateUnit,
        chargingSchedulePeriod: periods(spec, units),
      },
    },
  };
}

/**
 * OCPP 2.0.1 SetChargingProfileRequest: evseId, a string transactionId (K01.FR.03, TxProfile only)
 * and a chargingSchedule array; Absolute needs a startSchedule (K01.FR.40).
 */
export function setChargingProfileV201(spec: ProfileSpec, units: ProfileUnits) {
  const id = chargingProfileId(spec.purpose, spec.connectorId);
  return {
    evseId: spec.connectorId,
    chargingProfile: {
      id,
      stackLevel: units.stackLevel,
      chargingProfilePurpose: spec.purpose,
      chargingProfileKind: 'Absolute',
      ...(spec.transactionId !== null ? { transactionId: spec.transactionId } : {}),
      chargingSchedule: [
        {
          id,
          startSchedule: new Date(spec.startMs).toISOString(),
          ...(spec.durationS !== null ? { duration: spec.durationS } : {}),
          chargingRateUnit: units.rateUnit,
          chargingSchedulePeriod: periods(spec, units),
        },
      ],
    },
  };
}
