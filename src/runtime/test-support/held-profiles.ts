// What a test station holds after the SetChargingProfile calls it accepted, and the limit in force
// at a given time, as a station works it out: a TxProfile within its duration wins over the
// TxDefaultProfile (OCPP 1.6 §3.13.2, 2.0.1 K01 "precedence"); a schedule period runs until the
// next one starts; past a profile's duration the profile no longer applies.

export interface HeldProfile {
  purpose: string;
  connectorId: number;
  startMs: number;
  durationS: number | null;
  periods: { startS: number; limit: number }[];
}

type Period = { startPeriod: number; limit: number };
type Schedule = { startSchedule?: string; duration?: number; chargingSchedulePeriod: Period[] };
type Params16 = {
  connectorId: number;
  csChargingProfiles: { chargingProfilePurpose: string; chargingSchedule: Schedule };
};
type Params201 = {
  evseId: number;
  chargingProfile: { chargingProfilePurpose: string; chargingSchedule: Schedule[] };
};

/** A SetChargingProfile request of either version, normalised. */
export function heldProfile(params: Record<string, unknown>): HeldProfile {
  const v16 = 'csChargingProfiles' in params;
  const p16 = params as unknown as Params16;
  const p201 = params as unknown as Params201;
  const purpose = v16
    ? p16.csChargingProfiles.chargingProfilePurpose
    : p201.chargingProfile.chargingProfilePurpose;
  const schedule = v16 ? p16.csChargingProfiles.chargingSchedule : p201.chargingProfile.chargingSchedule[0]!;
  return {
    purpose,
    connectorId: v16 ? p16.connectorId : p201.evseId,
    startMs: schedule.startSchedule ? Date.parse(schedule.startSchedule) : 0,
    durationS: schedule.duration ?? null,
    periods: schedule.chargingSchedulePeriod.map((p) => ({ startS: p.startPeriod, limit: p.limit })),
  };
}

export class HeldProfiles {
  readonly #held = new Map<string, HeldProfile>();

  /** Call with every SetChargingProfile the station accepted; a profile replaces its predecessor. */
  record(params: Record<string, unknown>): HeldProfile {
    const profile = heldProfile(params);
    this.#held.set(`${profile.purpose}#${profile.connectorId}`, profile);
    return profile;
  }

  get(purpose: string, connectorId = 1): HeldProfile | undefined {
    return this.#held.get(`${purpose}#${connectorId}`);
  }

  /** The limit in force at `atMs`, or null when no profile applies (the station's own maximum). */
  limitAt(atMs: number, connectorId = 1): number | null {
    for (const purpose of ['TxProfile', 'TxDefaultProfile']) {
      const profile = this.get(purpose, connectorId);
      const limit = profile ? limitOf(profile, atMs) : null;
      if (limit !== null) return limit;
    }
    return null;
  }
}

function limitOf(profile: HeldProfile, atMs: number): number | null {
  const sinceS = (atMs - profile.startMs) / 1000;
  if (sinceS < 0) return null;
  if (profile.durationS !== null && sinceS >= profile.durationS) return null;
  const period = profile.periods.filter((p) => p.startS <= sinceS).at(-1);
  return period ? period.limit : null;
}
