// The pure readers: meter values, phase rotation, station capabilities, quirks, and who may connect.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideConnection, type HandshakeFacts } from './auth.js';
import { capabilitiesV16, capabilitiesV201, rateUnitOf, withQuirks } from './capabilities.js';
import { csmsConfigSchema } from './config.js';
import { emptyMeasurements, foldSamples, samplesV16, samplesV201 } from './meter-values.js';
import { quirksFor } from './quirks.js';
import { parseConnectorPhaseRotation, phasesForConnector, rotationToPhases } from './rotation.js';

describe('meter values', () => {
  it('1.6: per-phase currents, kW, kWh, SoC; missing measurand means the energy register', () => {
    const m = foldSamples(
      emptyMeasurements(),
      samplesV16([
        { value: '15.9', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
        { value: '16.1', measurand: 'Current.Import', phase: 'L2-N', unit: 'A' },
        { value: '0', measurand: 'Current.Import', phase: 'L3' },
        { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' },
        { value: '12345', unit: 'Wh' },
        { value: '80', measurand: 'SoC', unit: 'Percent' },
        { value: 'n/a', measurand: 'Voltage' },
      ]),
    );
    assert.deepEqual(m, {
      currentA: [15.9, 16.1, 0],
      currentUnphasedA: null,
      powerW: 7400,
      energyKWh: 12.345,
      soc: 80,
    });
  });

  it('2.0.1: multiplier is a power of ten; per-phase power sums when no total is sent', () => {
    const m = foldSamples(
      emptyMeasurements(),
      samplesV201([
        {
          value: 1.2,
          measurand: 'Power.Active.Import',
          phase: 'L1',
          unitOfMeasure: { unit: 'W', multiplier: 3 },
        },
        { value: 1100, measurand: 'Power.Active.Import', phase: 'L2', unitOfMeasure: { unit: 'W' } },
        { value: 20.5, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } },
        { value: 9.5, measurand: 'Current.Import', unitOfMeasure: { unit: 'A' } },
      ]),
    );
    assert.equal(m.powerW, 2300);
    assert.equal(m.energyKWh, 20.5);
    assert.equal(m.currentUnphasedA, 9.5);
  });

  it('a message keeps what it does not carry', () => {
    const first = foldSamples(emptyMeasurements(), samplesV16([{ value: '5000', unit: 'Wh' }]));
    const second = foldSamples(first, samplesV16([{ value: '6', measurand: 'Current.Import', phase: 'L1' }]));
    assert.equal(second.energyKWh, 5);
    assert.deepEqual(second.currentA, [6, null, null]);
  });
});

describe('phase rotation', () => {
  it('maps R/S/T by position onto grid phases', () => {
    assert.deepEqual(rotationToPhases('RST'), ['L1', 'L2', 'L3']);
    assert.deepEqual(rotationToPhases('STR'), ['L2', 'L3', 'L1']);
    assert.deepEqual(rotationToPhases('tsr'), ['L3', 'L2', 'L1']);
    assert.equal(rotationToPhases('Unknown'), null);
    assert.equal(rotationToPhases('NotApplicable'), null);
  });

  it('1.6 ConnectorPhaseRotation: per connector, falling back to the station (0)', () => {
    const r = parseConnectorPhaseRotation('0.RST, 1.TRS, 2.Unknown');
    assert.deepEqual(phasesForConnector(r, 1), ['L3', 'L1', 'L2']);
    assert.deepEqual(phasesForConnector(r, 2), ['L1', 'L2', 'L3']);
    assert.deepEqual(phasesForConnector(parseConnectorPhaseRotation('SRT'), 1), ['L2', 'L1', 'L3']);
    assert.equal(phasesForConnector(parseConnectorPhaseRotation('Unknown'), 1), null);
  });
});

describe('capabilities', () => {
  it('rate unit: amps whenever allowed, either vocabulary', () => {
    const cases: [string | undefined, 'A' | 'W'][] = [
      ['Current', 'A'],
      ['Power', 'W'],
      ['Current,Power', 'A'],
      ['W', 'W'],
      ['A,W', 'A'],
      [undefined, 'A'],
    ];
    for (const [value, unit] of cases) assert.equal(rateUnitOf(value), unit, String(value));
  });

  it('1.6 GetConfiguration, keys case-insensitive', () => {
    const caps = capabilitiesV16(
      new Map([
        ['supportedfeatureprofiles', 'Core,SmartCharging'],
        ['chargingscheduleallowedchargingrateunit', 'Power'],
        ['chargeprofilemaxstacklevel', '8'],
        ['connectorphaserotation', '1.RTS'],
        ['connectorswitch3to1phasesupported', 'true'],
        ['metervaluessampleddatamaxlength', '2'],
      ]),
    );
    assert.deepEqual(caps, {
      smartCharging: true,
      rateUnit: 'W',
      stackLevel: 8,
      rotations: new Map([[1, 'RTS']]),
      phaseSwitching: true,
      measurandsMax: 2,
    });
    assert.equal(capabilitiesV16(new Map([['supportedfeatureprofiles', 'Core']])).smartCharging, false);
  });

  it('2.0.1 GetVariables, ignoring refused variables', () => {
    const ok = (name: string, variable: string, value: string, evse?: number) => ({
      attributeStatus: 'Accepted',
      attributeValue: value,
      component: evse === undefined ? { name } : { name, evse: { id: evse } },
      variable: { name: variable },
    });
    const caps = capabilitiesV201([
      ok('SmartChargingCtrlr', 'Enabled', 'true'),
      ok('SmartChargingCtrlr', 'RateUnit', 'W'),
      ok('SmartChargingCtrlr', 'ProfileStackLevel', '3'),
      ok('ChargingStation', 'PhaseRotation', 'RST'),
      ok('EVSE', 'PhaseRotation', 'STR', 1),
      {
        attributeStatus: 'UnknownVariable',
        component: { name: 'SmartChargingCtrlr' },
        variable: { name: 'ACPhaseSwitchingSupported' },
      },
    ]);
    assert.equal(caps.smartCharging, true);
    assert.equal(caps.rateUnit, 'W');
    assert.equal(caps.stackLevel, 3);
    assert.deepEqual(phasesForConnector(caps.rotations, 1), ['L2', 'L3', 'L1']);
    assert.equal(caps.phaseSwitching, false);
  });

  it('quirks: the table by vendor and model, the configuration on top', () => {
    assert.deepEqual(quirksFor('ABB', 'CDT_TACW11::NET_WIFI', undefined), { stackLevel: 0 });
    assert.deepEqual(quirksFor('ABB', 'CDT_TACW11::NET_WIFI', { stackLevel: 1, rateUnit: 'W' }), {
      stackLevel: 1,
      rateUnit: 'W',
    });
    assert.deepEqual(quirksFor('Other', 'X', undefined), {});
    assert.deepEqual(quirksFor(null, null, { txDefaultOnly: true }), { txDefaultOnly: true });
    const caps = withQuirks(capabilitiesV16(new Map([['chargeprofilemaxstacklevel', '5']])), {
      stackLevel: 0,
    });
    assert.equal(caps.stackLevel, 0);
  });
});

describe('decideConnection', () => {
  const config = csmsConfigSchema.parse({
    securityProfile: 1,
    stations: { 'CP-1': { password: 'secret-1' } },
  });
  const facts = (over: Partial<HandshakeFacts>): HandshakeFacts => ({
    identity: 'CP-1',
    offered: new Set(['ocpp1.6']),
    sentAuthorization: true,
    password: Buffer.from('secret-1'),
    encrypted: false,
    ...over,
  });
  const cases: [string, Partial<HandshakeFacts>, ReturnType<typeof decideConnection>][] = [
    ['right password', {}, { accept: true, protocol: 'ocpp1.6' }],
    [
      'prefers 2.0.1 when both are offered',
      { offered: new Set(['ocpp1.6', 'ocpp2.0.1']) },
      { accept: true, protocol: 'ocpp2.0.1' },
    ],
    [
      'no common subprotocol',
      { offered: new Set(['ocpp1.5']) },
      { accept: false, status: 400, reason: 'no supported subprotocol (offered: ocpp1.5)' },
    ],
    [
      'wrong password',
      { password: Buffer.from('secret-2') },
      { accept: false, status: 401, reason: 'wrong password' },
    ],
    [
      'no auth',
      { sentAuthorization: false, password: undefined },
      { accept: false, status: 401, reason: 'basic auth missing' },
    ],
    [
      'username is not the identity',
      { password: undefined },
      { accept: false, status: 401, reason: 'basic-auth username differs from the station identity' },
    ],
    ['unknown station', { identity: 'CP-9' }, { accept: false, status: 404, reason: 'unknown station' }],
  ];
  for (const [name, over, expected] of cases) {
    it(name, () => assert.deepEqual(decideConnection(config, facts(over)), expected));
  }

  it('profile 2 refuses plain connections; profile 0 with acceptUnknown lets strangers in', () => {
    const tls = csmsConfigSchema.parse({
      securityProfile: 2,
      stations: { 'CP-1': { password: 'secret-1' } },
    });
    assert.deepEqual(decideConnection(tls, facts({})), {
      accept: false,
      status: 403,
      reason: 'security profile 2 requires TLS',
    });
    assert.deepEqual(decideConnection(tls, facts({ encrypted: true })), {
      accept: true,
      protocol: 'ocpp1.6',
    });
    const open = csmsConfigSchema.parse({ acceptUnknown: true });
    assert.deepEqual(
      decideConnection(open, facts({ identity: 'CP-9', sentAuthorization: false, password: undefined })),
      {
        accept: true,
        protocol: 'ocpp1.6',
      },
    );
  });

  it('the configuration demands a password per station from profile 1 on', () => {
    const result = csmsConfigSchema.safeParse({ securityProfile: 1, stations: { 'CP-1': {} } });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['stations', 'CP-1', 'password']);
  });
});
