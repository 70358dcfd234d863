// A real CSMS on 127.0.0.1 (port 0) and real ocpp-rpc clients acting as 1.6 and 2.0.1 stations,
// which answer the CSMS's calls like a cooperative station and record what they received.
// The clients come through rpc-lib like the server does, so that the library is never loaded with
// its own eager validators first and these tests run what production runs.
import { RPCClient, type ClientOptions, type HandlerArgs } from '../rpc-lib.js';
import { csmsConfigSchema, type CsmsConfigInput } from '../config.js';
import type { OcppContext, OcppEvent } from '../context.js';
import { Csms } from '../csms.js';
import { FakeClock } from './fake-clock.js';

/** Items arrive; take() hands out the first unclaimed match, waiting (real time) if none is there yet. */
export class Recorder<T> {
  readonly items: T[] = [];
  #taken = new Set<number>();
  #waiters = new Set<() => void>();

  push(item: T): void {
    this.items.push(item);
    for (const wake of [...this.#waiters]) wake();
  }

  /** Whether an unclaimed match is there now (for asserting that something did NOT happen). */
  has(match: (item: T) => boolean): boolean {
    return this.items.some((item, i) => !this.#taken.has(i) && match(item));
  }

  take(match: (item: T) => boolean, what: string, timeoutMs = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const i = this.items.findIndex((item, j) => !this.#taken.has(j) && match(item));
        if (i < 0) return false;
        this.#taken.add(i);
        this.#waiters.delete(attempt);
        clearTimeout(timer);
        resolve(this.items[i]!);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(attempt);
        reject(new Error(`timed out waiting for ${what}; got: ${JSON.stringify(this.items).slice(0, 1500)}`));
      }, timeoutMs);
      if (!attempt()) this.#waiters.add(attempt);
    });
  }
}

export interface Harness {
  csms: Csms;
  url: string;
  clock: FakeClock;
  ctx: OcppContext;
  events: Recorder<OcppEvent>;
  logs: string[];
  event<K extends OcppEvent['type']>(
    type: K,
    match?: (e: Extract<OcppEvent, { type: K }>) => boolean,
  ): Promise<Extract<OcppEvent, { type: K }>>;
  close(): Promise<void>;
}

export async function startCsms(config: CsmsConfigInput = {}, clock = new FakeClock()): Promise<Harness> {
  const events = new Recorder<OcppEvent>();
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const ctx: OcppContext = {
    log: { debug: record('debug'), info: record('info'), warn: record('warn') },
    emit: (e) => events.push(e),
    clock,
  };
  const csms = new Csms(
    csmsConfigSchema.parse({ host: '127.0.0.1', port: 0, acceptUnknown: true, ...config }),
    ctx,
  );
  const port = await csms.listen();
  return {
    csms,
    url: `ws://127.0.0.1:${port}`,
    clock,
    ctx,
    events,
    logs,
    event: (type, match = () => true) =>
      events.take((e) => e.type === type && match(e as never), `event ${type}`) as never,
    close: () => csms.close(),
  };
}

export interface Call {
  method: string;
  params: Record<string, unknown>;
}

export interface TestStation {
  client: RPCClient;
  calls: Recorder<Call>;
  /** The next call of `method` (matching `match`) the CSMS made to this station; T names its shape. */
  take<T = Record<string, unknown>>(method: string, match?: (params: T) => boolean): Promise<T>;
  close(): Promise<void>;
}

export interface StationOptions {
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  password?: string;
  /** 1.6 GetConfiguration values, or 2.0.1 variables as "Component.Variable" / "EVSE[1].Variable". */
  configuration?: Record<string, string>;
  /** Answers per method; the default accepts everything. Return a never-settling promise to play dead. */
  answer?: Partial<Record<string, (params: Record<string, unknown>) => unknown>>;
  strictMode?: boolean;
  client?: Partial<ClientOptions>;
}

export const DEFAULT_CONFIGURATION_V16: Record<string, string> = {
  SupportedFeatureProfiles: 'Core,SmartCharging,RemoteTrigger',
  ChargingScheduleAllowedChargingRateUnit: 'Current',
  ChargeProfileMaxStackLevel: '3',
  ConnectorPhaseRotation: '0.RST,1.RST',
};

export const DEFAULT_VARIABLES_V201: Record<string, string> = {
  'SmartChargingCtrlr.Enabled': 'true',
  'SmartChargingCtrlr.RateUnit': 'A,W',
  'SmartChargingCtrlr.ProfileStackLevel': '2',
  'ChargingStation.PhaseRotation': 'RST',
};

function defaultAnswers(
  options: StationOptions,
): Record<string, (params: Record<string, unknown>) => unknown> {
  if (options.protocol === 'ocpp1.6') {
    const configuration = options.configuration ?? DEFAULT_CONFIGURATION_V16;
    return {
      GetConfiguration: (p) => {
        const keys = (p.key as string[] | undefined) ?? Object.keys(configuration);
        return {
          configurationKey: keys
            .filter((k) => configuration[k] !== undefined)
            .map((k) => ({ key: k, readonly: true, value: configuration[k] })),
          unknownKey: keys.filter((k) => configuration[k] === undefined),
        };
      },
      ChangeConfiguration: () => ({ status: 'Accepted' }),
      SetChargingProfile: () => ({ status: 'Accepted' }),
      ClearChargingProfile: () => ({ status: 'Accepted' }),
    };
  }
  const variables = options.configuration ?? DEFAULT_VARIABLES_V201;
  type Ref = { component: { name: string; evse?: { id: number } }; variable: { name: string } };
  const name = (r: Ref) =>
    `${r.component.name}${r.component.evse ? `[${r.component.evse.id}]` : ''}.${r.variable.name}`;
  return {
    GetVariables: (p) => ({
      getVariableResult: (p.getVariableData as Ref[]).map((r) => {
        const value = variables[name(r)];
        return value === undefined
          ? { attributeStatus: 'UnknownVariable', component: r.component, variable: r.variable }
          : {
              attributeStatus: 'Accepted',
              attributeValue: value,
              component: r.component,
              variable: r.variable,
            };
      }),
    }),
    SetVariables: (p) => ({
      setVariableResult: (p.setVariableData as Ref[]).map((r) => ({
        attributeStatus: 'Accepted',
        component: r.component,
        variable: r.variable,
      })),
    }),
    SetChargingProfile: () => ({ status: 'Accepted' }),
    ClearChargingProfile: () => ({ status: 'Accepted' }),
  };
}

export async function connectStation(
  url: string,
  identity: string,
  options: StationOptions,
): Promise<TestStation> {
  const client = new RPCClient({
    endpoint: url,
    identity,
    protocols: [options.protocol],
    strictMode: options.strictMode ?? true,
    reconnect: false,
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...options.client,
  });
  const calls = new Recorder<Call>();
  const answers = { ...defaultAnswers(options), ...options.answer };
  client.handle(({ method, params }: HandlerArgs) => {
    calls.push({ method, params: params as Record<string, unknown> });
    const answer = answers[method];
    if (!answer) throw new Error(`test station has no answer for ${method}`);
    return answer(params as Record<string, unknown>);
  });
  await client.connect();
  return {
    client,
    calls,
    take: async <T>(method: string, match: (params: T) => boolean = () => true): Promise<T> => {
      const call = await calls.take(
        (c) => c.method === method && match(c.params as T),
        `${identity} ← ${method}`,
      );
      return call.params as T;
    },
    close: async () => {
      await client.close({ force: true });
    },
  };
}

export function bootV16(station: TestStation): Promise<unknown> {
  return station.client.call('BootNotification', {
    chargePointVendor: 'TestVendor',
    chargePointModel: 'T-16',
  });
}

export function bootV201(station: TestStation): Promise<unknown> {
  return station.client.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'TestVendor', model: 'T-201' },
  });
}

/** 1.6 MeterValues with Current.Import per phase. */
export function meterValuesV16(connectorId: number, amps: [number, number, number], timestamp: string) {
  return {
    connectorId,
    meterValue: [
      {
        timestamp,
        sampledValue: amps.map((a, i) => ({
          value: a.toFixed(1),
          measurand: 'Current.Import',
          phase: `L${i + 1}`,
          unit: 'A',
        })),
      },
    ],
  };
}
