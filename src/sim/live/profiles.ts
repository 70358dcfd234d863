// The charging profiles a simulated station holds, and the limit in force at a given moment, worked
// out the way the specifications tell a station to:
//   - a TxProfile (for the running transaction) wins over the TxDefaultProfile
//     (OCPP 1.6 §3.13.2, 2.0.1 K01 "precedence");
//   - within a purpose, the highest stack level whose schedule has a period at that moment wins;
//     past its `duration` a schedule no longer applies and the next one down takes over (so a
//     TxProfile that runs out falls back to the default profile: the dead-man switch);
//   - a TxDefaultProfile on the connector overrides one on connector 0 (the whole station);
//   - a ChargePointMaxProfile / ChargingStationMaxProfile caps whatever is in force.
// Pure: every call takes the time, so the rules are table-tested without waiting.

export type ProfilePurpose =
  | 'TxProfile'
  | 'TxDefaultProfile'
  | 'ChargePointMaxProfile'
  | 'ChargingStationMaxProfile'
  | 'ChargingStationExternalConstraints';

export interface ProfilePeriod {
  startS: number;
  /** In the profile's rate unit (A per phase, or W in total). */
  limit: number;
  numberPhases: number | null;
}

/** One profile of either OCPP version, normalised. */
export interface StationProfile {
  id: number;
  purpose: ProfilePurpose;
  stackLevel: number;
  /** 1.6 connectorId / 2.0.1 evseId; 0 = the whole station. */
  connectorId: number;
  kind: 'Absolute' | 'Relative' | 'Recurring';
  recurrency: 'Daily' | 'Weekly' | null;
  transactionId: string | null;
  validFromMs: number | null;
  validToMs: number | null;
  /** startSchedule; null: Relative, or an Absolute 1.6 profile without one (counts from receipt). */
  startMs: number | null;
  durationS: number | null;
  rateUnit: 'A' | 'W';
  periods: ProfilePeriod[];
  /** When the station accepted it (an Absolute profile without startSchedule starts here). */
  receivedMs: number;
}

/** The transaction running on a connector: Relative schedules count from its start. */
export interface RunningTransaction {
  transactionId: string;
  startMs: number;
}

export interface LimitInForce {
  /** Per phase. */
  currentA: number;
  purpose: ProfilePurpose;
  profileId: number;
}

export interface ProfileStoreSettings {
  /** Connectors (1.6) or EVSEs (2.0.1) the station has. */
  connectors: number;
  /** The highest stack level it accepts (1.6 ChargeProfileMaxStackLevel, 2.0.1 ProfileStackLevel). */
  maxStackLevel: number;
  voltageV: number;
  /** The phases the station has; a W limit is shared among min(numberPhases, these). */
  phases: 1 | 3;
}

export type SetResult = { status: 'Accepted' } | { status: 'Rejected'; reason: string };

export interface ClearCriteria {
  id?: number;
  connectorId?: number;
  purpose?: string;
  stackLevel?: number;
}

const DAY_MS = 86_400_000;
const CAPS: ReadonlySet<ProfilePurpose> = new Set(['ChargePointMaxProfile', 'ChargingStationMaxProfile']);

export class ProfileStore {
  #profiles: StationProfile[] = [];

  constructor(readonly settings: ProfileStoreSettings) {}

  get profiles(): readonly StationProfile[] {
    return this.#profiles;
  }

  /** SetChargingProfile: checks it as a station would, then replaces what it supersedes. */
  set(profile: StationProfile, running: RunningTransaction | null): SetResult {
    const problem = this.#check(profile, running);
    if (problem) return { status: 'Rejected', reason: problem };
    // The same id, or the same purpose and stack level on the same connector, is replaced
    // (1.6 §5.16.3; 2.0.1 K01.FR.05).
    this.#profiles = this.#profiles.filter(
      (p) =>
        p.id !== profile.id &&
        !(
          p.purpose === profile.purpose &&
          p.stackLevel === profile.stackLevel &&
          p.connectorId === profile.connectorId
        ),
    );
    this.#profiles.push(profile);
    return { status: 'Accepted' };
  }

  /** ClearChargingProfile: an id clears that profile; otherwise every profile matching all criteria. */
  clear(criteria: ClearCriteria): 'Accepted' | 'Unknown' {
    const match = (p: StationProfile): boolean =>
      criteria.id !== undefined
        ? p.id === criteria.id
        : (criteria.connectorId === undefined || p.connectorId === criteria.connectorId) &&
          (criteria.purpose === undefined || p.purpose === criteria.purpose) &&
          (criteria.stackLevel === undefined || p.stackLevel === criteria.stackLevel);
    const before = this.#profiles.length;
    this.#profiles = this.#profiles.filter((p) => !match(p));
    return this.#profiles.length < before ? 'Accepted' : 'Unknown';
  }

  /** A TxProfile lives as long as its transaction (1.6 §3.13.1 TxProfile, 2.0.1 K01). */
  endTransaction(connectorId: number): void {
    this.#profiles = this.#profiles.filter(
      (p) => !(p.purpose === 'TxProfile' && p.connectorId === connectorId),
    );
  }

  /** The limit in force on `connectorId` at `nowMs`, or null when no profile says anything. */
  limitAt(nowMs: number, connectorId: number, running: RunningTransaction | null): LimitInForce | null {
    const tx = running
      ? this.#best(nowMs, running, (p) => p.purpose === 'TxProfile' && p.connectorId === connectorId)
      : null;
    const base =
      tx ??
      this.#best(nowMs, running, (p) => p.purpose === 'TxDefaultProfile' && p.connectorId === connectorId) ??
      this.#best(nowMs, running, (p) => p.purpose === 'TxDefaultProfile' && p.connectorId === 0);
    const cap = this.#best(nowMs, running, (p) => CAPS.has(p.purpose) && p.connectorId === 0);
    if (!cap) return base;
    if (!base || cap.currentA < base.currentA) return cap;
    return base;
  }

  #check(profile: StationProfile, running: RunningTransaction | null): string | null {
    const { connectors, maxStackLevel } = this.settings;
    if (profile.connectorId < 0 || profile.connectorId > connectors)
      return `no connector ${profile.connectorId}`;
    if (profile.stackLevel < 0 || profile.stackLevel > maxStackLevel)
      return `stack level ${profile.stackLevel} above ${maxStackLevel}`;
    if (profile.periods.length === 0) return 'a schedule needs at least one period';
    if (profile.kind === 'Recurring' && (profile.recurrency === null || profile.startMs === null))
      return 'a Recurring profile needs recurrencyKind and startSchedule';
    if (CAPS.has(profile.purpose) && profile.connectorId !== 0)
      return `${profile.purpose} is for connector 0`;
    if (profile.purpose === 'TxProfile') {
      // Only for the transaction running now (1.6 §5.16, 2.0.1 K01).
      if (profile.connectorId === 0) return 'a TxProfile needs a connector';
      if (!running) return 'no transaction is running on that connector';
      if (profile.transactionId !== null && profile.transactionId !== running.transactionId)
        return `transaction ${profile.transactionId} is not the running one (${running.transactionId})`;
    }
    return null;
  }

  /** The highest stack level among `which` that has a period in force now. */
  #best(
    nowMs: number,
    running: RunningTransaction | null,
    which: (p: StationProfile) => boolean,
  ): LimitInForce | null {
    const candidates = this.#profiles.filter(which).sort((a, b) => b.stackLevel - a.stackLevel);
    for (const profile of candidates) {
      const period = periodAt(profile, nowMs, running);
      if (period) {
        return { currentA: this.#amps(profile, period), purpose: profile.purpose, profileId: profile.id };
      }
    }
    return null;
  }

  #amps(profile: StationProfile, period: ProfilePeriod): number {
    if (profile.rateUnit === 'A') return period.limit;
    const phases = Math.min(period.numberPhases ?? this.settings.phases, this.settings.phases);
    return period.limit / (this.settings.voltageV * Math.max(1, phases));
  }
}

/** The schedule's period at `nowMs`, or null when the profile does not apply then. */
export function periodAt(
  profile: StationProfile,
  nowMs: number,
  running: RunningTransaction | null,
): ProfilePeriod | null {
  if (profile.validFromMs !== null && nowMs < profile.validFromMs) return null;
  if (profile.validToMs !== null && nowMs >= profile.validToMs) return null;
  if (profile.purpose === 'TxProfile' && running === null) return null;
  let startMs: number | null;
  switch (profile.kind) {
    case 'Absolute':
      startMs = profile.startMs ?? profile.receivedMs;
      break;
    case 'Relative':
      startMs = running?.startMs ?? null;
      break;
    case 'Recurring': {
      const periodMs = profile.recurrency === 'Weekly' ? 7 * DAY_MS : DAY_MS;
      const firstMs = profile.startMs ?? profile.receivedMs;
      startMs = nowMs < firstMs ? null : firstMs + Math.floor((nowMs - firstMs) / periodMs) * periodMs;
      break;
    }
  }
  if (startMs === null || nowMs < startMs) return null;
  const sinceS = (nowMs - startMs) / 1000;
  if (profile.durationS !== null && sinceS >= profile.durationS) return null;
  let found: ProfilePeriod | null = null;
  for (const p of profile.periods) if (p.startS <= sinceS) found = p;
  return found;
}
