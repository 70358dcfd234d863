// The run configuration's OCPP checks: which stations are let in, one device per connector, and
// the TLS files of security profile 2.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigProblem, YamlSource } from '../config/yaml.js';
import { csmsConfigSchema, type CsmsConfig } from '../protocols/ocpp/config.js';
import { record, validateAt } from './config-parts.js';
import { tlsSchema, type RunDevice, type TlsFiles } from './config-schema.js';

/** `ocpp:`: the central system's own schema, and `tls:` (ours) taken out of it first. */
export function ocppSection(
  source: YamlSource,
  root: Record<string, unknown>,
  baseDir: string,
  problems: ConfigProblem[],
): { ocpp: CsmsConfig | null; tls: TlsFiles | null } {
  if (!('ocpp' in root)) return { ocpp: null, tls: null };
  const raw = record(root['ocpp']);
  const tlsRaw = raw?.['tls'];
  const section = raw
    ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'tls'))
    : root['ocpp'];
  const ocpp = validateAt(source, csmsConfigSchema, section ?? {}, ['ocpp'], problems);
  if (ocpp?.securityProfile === 2 && tlsRaw === undefined) {
    problems.push(
      source.problem(['ocpp', 'securityProfile'], 'security profile 2 needs ocpp.tls: { certFile, keyFile }'),
    );
  }
  return { ocpp, tls: tlsRaw === undefined ? null : readTls(source, tlsRaw, baseDir, problems) };
}

/** Devices with `driver: ocpp`: an `ocpp:` section, their stations let in, one device per connector. */
export function ocppDevices(
  source: YamlSource,
  devices: (RunDevice | null)[],
  hasSection: boolean,
  ocpp: CsmsConfig | null,
  problems: ConfigProblem[],
): void {
  if (hasSection) return ocppStations(source, devices, ocpp, problems);
  devices.forEach((d, i) => {
    if (d?.driver !== 'ocpp') return;
    const message = 'driver ocpp needs an `ocpp:` section (e.g. ocpp: { port: 9000 })';
    problems.push(source.problem(['devices', i, 'driver'], message));
  });
}

/**
 * The stations the devices name are the central system's known stations: at security profile 0 they
 * are let in without being listed; at profiles 1 and 2 they need their password under ocpp.stations.
 * One connector (EVSE) is controlled by one device only.
 */
function ocppStations(
  source: YamlSource,
  devices: (RunDevice | null)[],
  ocpp: CsmsConfig | null,
  problems: ConfigProblem[],
): void {
  const seen = new Map<string, string>();
  devices.forEach((d, i) => {
    if (d?.driver !== 'ocpp') return;
    const { stationId, connector } = d.driverConfig as { stationId: string; connector: number };
    const key = `${stationId}#${connector}`;
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push(
        source.problem(
          ['devices', i, 'connector'],
          `station ${stationId} connector ${connector} is already device "${other}"`,
        ),
      );
    }
    seen.set(key, d.id);
    if (!ocpp || Object.hasOwn(ocpp.stations, stationId)) return;
    if (ocpp.securityProfile === 0) ocpp.stations[stationId] = {};
    else {
      problems.push(
        source.problem(
          ['devices', i, 'stationId'],
          `station "${stationId}" needs its password under ocpp.stations (security profile ${ocpp.securityProfile})`,
        ),
      );
    }
  });
}

/** ocpp.tls: both files read now, so a missing one is a located problem, not a failed start. */
function readTls(
  source: YamlSource,
  raw: unknown,
  baseDir: string,
  problems: ConfigProblem[],
): TlsFiles | null {
  const files = validateAt(source, tlsSchema, raw, ['ocpp', 'tls'], problems);
  if (!files) return null;
  const read = (key: 'certFile' | 'keyFile'): Buffer | null => {
    try {
      return readFileSync(resolve(baseDir, files[key]));
    } catch (error) {
      problems.push(source.problem(['ocpp', 'tls', key], `cannot read: ${(error as Error).message}`));
      return null;
    }
  };
  const cert = read('certFile');
  const key = read('keyFile');
  return cert && key ? { cert, key } : null;
}
