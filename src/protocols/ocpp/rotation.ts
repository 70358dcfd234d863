// Phase rotation: which grid phase each of a connector's phases sits on.
// OCPP 1.6 configuration key ConnectorPhaseRotation is a list of "<connectorId>.<rotation>" (0 = the whole
// station); 2.0.1 has the PhaseRotation variable on the ChargingStation and EVSE components
// (Part 2 Appendices, "PhaseRotation"). R, S and T are grid L1, L2 and L3; the letter's position is
// the connector's phase: "STR" puts the connector's L1 on grid L2.
import type { Phase } from '../../model/units.js';

const LETTER: Record<string, Phase> = { R: 'L1', S: 'L2', T: 'L3' };
const ROTATIONS = new Set(['RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR']);

/** The grid phases of the connector's L1, L2, L3, or null for "Unknown" / "NotApplicable" / junk. */
export function rotationToPhases(rotation: string): [Phase, Phase, Phase] | null {
  const r = rotation.trim().toUpperCase();
  if (!ROTATIONS.has(r)) return null;
  return [LETTER[r[0]!]!, LETTER[r[1]!]!, LETTER[r[2]!]!];
}

/** 1.6 ConnectorPhaseRotation → rotation per connector id; an entry without an id means connector 0. */
export function parseConnectorPhaseRotation(value: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const dot = item.indexOf('.');
    const id = dot < 0 ? 0 : Number.parseInt(item.slice(0, dot), 10);
    if (Number.isInteger(id) && id >= 0) out.set(id, item.slice(dot + 1).trim());
  }
  return out;
}

/** The rotation for one connector: its own entry, else the station's (connector 0). */
export function phasesForConnector(
  rotations: ReadonlyMap<number, string>,
  connectorId: number,
): [Phase, Phase, Phase] | null {
  const own = rotations.get(connectorId);
  const phases = own === undefined ? null : rotationToPhases(own);
  if (phases) return phases;
  const station = rotations.get(0);
  return station === undefined ? null : rotationToPhases(station);
}
