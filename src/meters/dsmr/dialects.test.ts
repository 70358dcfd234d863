// Hand-written expectations for the tricky dialects and quirks (P1-FACTS §4–§7), on real fixtures
// and on small telegrams built here with a valid CRC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reading } from '../../model/reading.js';
import { decodeAll, fixture } from './test-support.js';
import { withCrc } from './writer.js';

function only(bytes: Uint8Array): Reading {
  const { readings, errors } = decodeAll(bytes);
  assert.deepEqual(errors, []);
  assert.equal(readings.length, 1);
  return readings[0]!;
}

const one = (name: string): Reading => only(fixture(name));

/** A telegram from object lines, with header, blank line, CRLF and a valid CRC. */
function telegram(lines: string[], header = 'FLU5\\253769484_A'): Buffer {
  return withCrc(`/${header}\r\n\r\n${lines.map((l) => `${l}\r\n`).join('')}`);
}

test('e-MUCS 1.7: 98.1.0 history with a placeholder entry, months closed by the first timestamp', () => {
  const r = one('ndokter_belgium-emucs171_2.txt');
  assert.deepEqual(r.capacity, {
    averageDemandW: 52,
    monthPeakW: 3064,
    monthPeakAt: '2023-11-02T11:45:00+01:00',
    history: [
      { month: '2023-07', peakW: 0, at: null },
      { month: '2023-08', peakW: 1862, at: '2023-08-31T18:15:00+02:00' },
      { month: '2023-09', peakW: 4229, at: '2023-09-10T18:30:00+02:00' },
      { month: '2023-10', peakW: 4927, at: '2023-10-16T13:00:00+02:00' },
    ],
  });
  assert.equal(r.version, '50217');
  assert.equal(r.equipmentId, '1SAG3100721326');
  assert.deepEqual(
    r.gas,
    { m3: 92.287, at: '2023-11-02T12:10:02+01:00' },
    'gas on 24.2.3, not the water on 0-2',
  );
});

test('e-MUCS 1.7: a full 13-month history', () => {
  const history = one('index9106749862_belgium-emucs171_1.bin').capacity!.history;
  assert.equal(history.length, 13);
  assert.deepEqual(history[0], { month: '2023-10', peakW: 12195, at: '2023-10-26T08:45:00+02:00' });
  assert.deepEqual(history[12], { month: '2024-10', peakW: 17198, at: '2024-10-29T13:30:00+01:00' });
  assert.deepEqual(
    history.map((h) => h.month),
    [...Array(13).keys()].map(
      (i) => `${2023 + Math.floor((9 + i) / 12)}-${String(((9 + i) % 12) + 1).padStart(2, '0')}`,
    ),
  );
});

test('signed netCurrentA: L1 and L2 export while L3 imports (currents sent unsigned)', () => {
  const r = one('index30479831513_belgium-emucs171_1.txt');
  assert.deepEqual(
    r.phases.map((p) => [p.currentA, p.netCurrentA]),
    [
      [2.09, -1.857], // -440 W / 236.9 V
      [0.91, -0.548], // -132 W / 240.8 V
      [2.03, 1.826], // 438 W / 239.9 V
    ],
  );
  assert.equal(r.powerExportW, 135);
});

test('DSMR 5 whole amps are reported, but netCurrentA comes from power and voltage', () => {
  const r = one('issue-dsmrloggerapi65_dsmr50_1.txt');
  for (const p of r.phases) {
    assert.ok(Number.isInteger(p.currentA));
    const net = (p.powerImportW! - p.powerExportW!) / p.voltageV!;
    assert.ok(Math.abs(p.netCurrentA! - net) <= 0.0005, `${p.netCurrentA} vs ${net}`);
  }
  assert.ok(r.phases[2]!.netCurrentA! < 0, 'L3 exports');
});

test('1-phase e-MUCS 1.5 meter: one phase, exporting', () => {
  const r = one('dries007_belgium-emucs15_1.txt');
  assert.equal(r.phases.length, 1);
  assert.deepEqual(r.phases[0], {
    voltageV: 236.3,
    currentA: 2.57,
    powerImportW: 0,
    powerExportW: 215,
    netCurrentA: -0.91,
  });
  assert.equal(r.capacity, null);
});

test('1-phase DSMR 4.0 Kaifa without voltage: netCurrentA is the current with the sign of the power', () => {
  const r = one('arduinodsmr_dsmr40_1.txt');
  assert.equal(r.phases.length, 1);
  assert.equal(r.phases[0]!.netCurrentA, 1);
  assert.equal(r.phases[0]!.voltageV, null);
});

test('without a voltage, netCurrentA is the current with the sign of the net power', () => {
  const r = only(telegram(['1-0:21.7.0(00.000*kW)', '1-0:22.7.0(00.500*kW)', '1-0:31.7.0(003*A)']));
  assert.equal(r.phases[0]!.netCurrentA, -3);
});

test('3×230 V (Aron) meter: L2 sent as 0 V and 0 W is kept as sent and never gives NaN', () => {
  const r = only(
    telegram([
      '0-0:96.1.4(50217)',
      '0-0:1.0.0(240112231815W)',
      '1-0:1.7.0(01.100*kW)',
      '1-0:2.7.0(00.000*kW)',
      '1-0:21.7.0(00.500*kW)',
      '1-0:41.7.0(00.000*kW)',
      '1-0:61.7.0(00.600*kW)',
      '1-0:22.7.0(00.000*kW)',
      '1-0:42.7.0(00.000*kW)',
      '1-0:62.7.0(00.000*kW)',
      '1-0:32.7.0(230.0*V)',
      '1-0:52.7.0(000.0*V)',
      '1-0:72.7.0(230.0*V)',
      '1-0:31.7.0(002.17*A)',
      '1-0:51.7.0(003.10*A)',
      '1-0:71.7.0(002.61*A)',
    ]),
  );
  assert.deepEqual(r.phases[1], {
    voltageV: 0,
    currentA: 3.1,
    powerImportW: 0,
    powerExportW: 0,
    netCurrentA: 3.1,
  });
  assert.equal(r.phases[0]!.netCurrentA, 2.174);
});

test('Iskra IE5 (Wallonia): no S/W flag → Europe/Brussels rules; id on 0-0:96.1.0 kept as sent', () => {
  const r = one('issue-dsmrparser152_belgium-iskra-ie5_1.txt');
  assert.equal(r.timestamp, '2024-04-05T15:49:53+02:00');
  assert.equal(r.equipmentId, '91318181');
  assert.equal(r.version, null);
  assert.deepEqual(r.phases, [
    { voltageV: 236.8, currentA: 6, powerImportW: 0, powerExportW: 1568, netCurrentA: -6.622 },
  ]);
});

test('Iskra IE5T 2026: 1.6.0 with the value first and a flagless timestamp; XT211 98.1.0(12) alone', () => {
  const r = only(
    telegram(
      [
        '1-0:1.4.0(01.250*kW)',
        '1-0:1.6.0(08.796*kW)(260102010000)',
        '0-0:98.1.0(12)',
        '1-1:1.7.0(00.500*kW)',
      ],
      'ISK5\\2MIE5T-200',
    ),
  );
  assert.deepEqual(r.capacity, {
    averageDemandW: 1250,
    monthPeakW: 8796,
    monthPeakAt: '2026-01-02T01:00:00+01:00',
    history: [],
  });
  assert.equal(r.powerImportW, 500, '1-1: (B ≠ 0) is the same electricity object');
});

test('E.ON Hungary: other 98.1.0 layout ignored, 96.1.0 id, totals, "TARIFF 1"', () => {
  const r = one('ndokter_hungary_1.txt');
  assert.equal(r.capacity, null);
  assert.equal(r.equipmentId, '890082200002160');
  assert.equal(r.energyImportTotalKWh, 173.64);
  assert.deepEqual(r.energyImportKWh, { t1: 47.719, t2: 125.921 });
  assert.equal(r.tariff, 1);
  const wasion = only(
    telegram(['0-0:96.14.0(TARIFF 2)', '0-0:96.3.10(ON)', '0-0:17.0.0(24000*W)'], 'WSN5\\x'),
  );
  assert.equal(wasion.tariff, 2);
});

test('Lithuania: negative values parse; export on L1 gives a negative netCurrentA', () => {
  const r = one('spec-eso_lithuania_1.txt');
  assert.equal(r.powerExportW, 24);
  assert.equal(r.phases[0]!.netCurrentA, -0.103);
  assert.equal(r.equipmentId, '80043700621613125392642700336368');
  const neg = only(telegram(['1-0:21.7.0(-00.024*kW)', '1-0:32.7.0(240.0*V)'], 'ESO5\\VMMmm'));
  assert.equal(neg.phases[0]!.powerImportW, -24);
});

test('Austria: W and Wh units normalised to W and kWh; totals on 1.8.0/2.8.0', () => {
  const r = one('openhab_austria_1.txt');
  assert.equal(r.powerImportW, 621);
  assert.equal(r.powerExportW, 0);
  assert.deepEqual(r.energyImportKWh, { t1: 230.515, t2: 96.126 });
  assert.equal(r.energyImportTotalKWh, 326.641);
  assert.equal(r.energyExportTotalKWh, 4.998);
  assert.equal(one('openhab_austria_2.txt').energyImportKWh.t1, 10386.411, 'blank line before "!"');
});

test('Sweden (KAM5): no version line, totals, 1-decimal currents', () => {
  const r = one('dsmrreader_sweden_1.txt');
  assert.equal(r.header, 'KAM5');
  assert.equal(r.version, null);
  assert.equal(r.energyImportTotalKWh, 3.997);
  assert.equal(r.phases.length, 3);
  assert.equal(r.phases[2]!.voltageV, 240.7);
});

test('Smarty plaintext: id on 0-0:42.0.0; early firmware without units', () => {
  assert.equal(one('spec-lux_smarty_1.txt').equipmentId, 'SAG1030790002574');
  const early = one('openhab_smarty_1.txt');
  assert.equal(early.powerImportW, 0);
  assert.equal(early.energyImportTotalKWh, 6.695);
  assert.deepEqual(
    one('spec-lux_smarty_1.txt').gas,
    { m3: 0.006, at: '2020-07-06T10:31:40+02:00' },
    'lowest gas channel; water channels with placeholders skipped',
  );
});

test('DSMR 2.2 / 3.0: gas value on the line after 24.3.0, flagless timestamp', () => {
  assert.deepEqual(one('basjes_dsmr22_1.txt').gas, { m3: 13368.864, at: '2021-11-22T21:00:00+01:00' });
  assert.deepEqual(one('basjes_dsmr22_2.txt').gas, { m3: 5271.144, at: '2019-02-18T12:00:00+01:00' });
  assert.equal(one('basjes_dsmr22_3.txt').equipmentId?.startsWith('ZABF'), true, 'hex id with leading space');
  const v3 = one('ndokter_dsmr30_1.txt');
  assert.equal(v3.text, '0123456789:;<=>?'.repeat(5));
  assert.equal(v3.powerImportW, 1190);
});

test('gas: channel 2 when channel 1 is an epoch placeholder; none when the clock is not set', () => {
  assert.deepEqual(one('ndokter_dsmr50_1.txt').gas, { m3: 246.138, at: '2020-04-26T22:30:01+02:00' });
  const unset = one('basjes_dsmr42_1.txt');
  assert.equal(unset.timestamp, null);
  assert.equal(unset.gas, null);
  assert.equal(one('dsmrreader_dsmr40_1.txt').gas?.at, '2015-07-01T19:00:00+02:00', 'lower-case s flag');
  assert.equal(one('ndokter_dsmr50_warmtelink_1.txt').gas, null, 'heat in GJ is not gas');
});

test('EasyMeter Q3D: *255 suffixes, W units, no CRC, gateway junk after "!"', () => {
  const { readings, errors, counters } = decodeAll(fixture('ndokter_d0-easymeter_1.txt'));
  assert.deepEqual(errors, []);
  assert.equal(readings[0]!.powerImportW, 2124.86);
  assert.equal(readings[0]!.energyImportTotalKWh, 52185.7825309);
  assert.ok(counters.skippedBytes > 33, 'the 0xFF bytes and gateway line are skipped');
});

test('.255 suffix, unknown and odd objects are skipped, kVArh and kvarh alike', () => {
  const r = only(
    telegram(
      [
        '1-0:1.7.0.255(00.123*kW)',
        '1-0:72:32.0(00000)',
        '1-0:3.8.0(000012.345*kVArh)',
        '0-1:96.1.1(4530303434)',
        '0-0:96.1.1()',
        '1-0:32.7.0(230.1)',
      ],
      'XMX5LGBBFG1009325446',
    ),
  );
  assert.equal(r.powerImportW, 123);
  assert.equal(r.equipmentId, null, 'the gas meter id on 0-1:96.1.1 is not the equipment id');
  assert.equal(r.phases[0]!.voltageV, 230.1, 'missing unit: the object’s DSMR unit');
});

test('a unit of the wrong dimension gives null, not a wrong number', () => {
  const r = only(telegram(['1-0:1.7.0(00.123*kWh)', '1-0:31.7.0(5*V)']));
  assert.equal(r.powerImportW, null);
  assert.equal(r.phases[0]!.currentA, null);
});
