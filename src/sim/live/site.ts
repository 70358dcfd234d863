// The live demo's run configuration: the same YAML, and the same loader, as `ampshare run`.
// A Dutch 3x25 A home (TN, 230 V per phase) with a DSMR 5 meter, a heat pump on the `sim` driver,
// and two chargers on a 20 A carport circuit that speak OCPP to ampshare's own central system on
// loopback: CP-1 (OCPP 1.6, 3-phase, car1 charging `now`) and CP-2 (OCPP 2.0.1, 1-phase on L2,
// car2 on `minpv`). The household (the induction hob over L1 and L2 among it) and the PV are not
// devices: the controller sees them only in the meter's readings, as in a real home.
import { resolve } from 'node:path';
import type { Phase } from '../../model/units.js';
import { parseRunConfig } from '../../runtime/config.js';
import type { RunConfig } from '../../runtime/config-schema.js';
import { HEAT_PUMP_ID, HEAT_PUMP_STEPS_W } from './world.js';

/** The demo's two stations, as the simulated world builds them. */
export interface DemoStation {
  id: string;
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  phases: 1 | 3;
  /** R, S, T = grid L1, L2, L3 per station phase (OCPP ConnectorPhaseRotation / PhaseRotation). */
  rotation: string;
  sitePhases: Phase[];
  maxA: number;
}

export const DEMO_STATIONS: readonly DemoStation[] = [
  { id: 'CP-1', protocol: 'ocpp1.6', phases: 3, rotation: 'RST', sitePhases: ['L1', 'L2', 'L3'], maxA: 16 },
  { id: 'CP-2', protocol: 'ocpp2.0.1', phases: 1, rotation: 'SRT', sitePhases: ['L2'], maxA: 16 },
];

export const DEMO_VOLTAGE_V = 230;
export const DEMO_TIMEZONE = 'Europe/Amsterdam';

// `meter:` is required by the loader; the demo hands the controller its simulated meter instead
// (Controller's `openMeter`), so this address is never dialled.
const DEMO_YAML = `
meter: { tcp: "127.0.0.1:2323" }
ocpp: { port: 0, host: 127.0.0.1, meterValueIntervalS: 3 }
server: { port: HTTP_PORT, host: 127.0.0.1 }
dataDir: DATA_DIR
site:
  phases: 3
  network: tn
  voltageV: ${DEMO_VOLTAGE_V}
  fuseA: 25
  marginA: 1
  neutralA: 25
  failsafeA: 6
  staleAfterS: 3
  timezone: ${DEMO_TIMEZONE}
  # Quarter-hour peak control, to show it at work: a capacity tariff would bill the month's peak.
  peak: { targetW: 9000 }
circuits:
  - { id: carport, fuseA: 20 }
devices:
  - id: ${HEAT_PUMP_ID}
    kind: stepped
    driver: sim
    phases: [L1, L2, L3]
    stepsW: [${HEAT_PUMP_STEPS_W.join(', ')}]
    priority: 2
    mode: now
  - { id: car1, kind: charger, driver: ocpp, stationId: CP-1, connector: 1, circuit: carport,
      phases: [L1, L2, L3], minA: 6, maxA: 16, priority: 1, mode: now }
  - { id: car2, kind: charger, driver: ocpp, stationId: CP-2, connector: 1, circuit: carport,
      phases: [L2], minA: 6, maxA: 16, priority: 1, mode: minpv }
`;

export class DemoOptionError extends Error {
  constructor(message: string) {
    super(`ampshare demo: ${message}`);
    this.name = 'DemoOptionError';
  }
}

/** The demo's configuration; `httpPort` 0 means any free port. */
export function demoRunConfig(options: { httpPort: number; dataDir: string }): RunConfig {
  const { httpPort, dataDir } = options;
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)
    throw new DemoOptionError(`the port is a whole number from 0 to 65535, not ${httpPort}`);
  if (dataDir.trim() === '') throw new DemoOptionError('the data directory is empty');
  return parseRunConfig(demoRunYaml(options), 'ampshare demo (built-in site)');
}

/** The configuration as YAML: a starting point for `ampshare run` (swap the meter and the heat pump's driver). */
export function demoRunYaml(options: { httpPort: number; dataDir: string }): string {
  return DEMO_YAML.trimStart()
    .replace('HTTP_PORT', String(options.httpPort))
    .replace('DATA_DIR', JSON.stringify(resolve(options.dataDir)));
}
