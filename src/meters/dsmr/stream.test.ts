// The streaming framer on real captures and on hand-made streams: resync after garbage, partial and
// truncated telegrams, junk after the CRC, telegrams without "!", long telegrams, quiet lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createP1Decoder } from './decoder.js';
import { decodeAll, fixture } from './test-support.js';
import { withCrc, writeTelegram } from './writer.js';

const t0 = new Date('2024-03-01T12:00:00Z');
const phases = [
  { powerImportW: 120, powerExportW: 0, voltageV: 231.2 },
  { powerImportW: 0, powerExportW: 1500, voltageV: 232.9 },
  { powerImportW: 2300, powerExportW: 0, voltageV: 229.4 },
];
const dsmr5 = (seconds: number, extra: Partial<Parameters<typeof writeTelegram>[0]> = {}): Buffer =>
  writeTelegram({ time: new Date(t0.getTime() + seconds * 1000), phases, ...extra });

/** A DSMR 2.2 telegram as an Iskra MT382 sends it, with or without its "!" line. */
function dsmr22(powerKW: string, bang: boolean): Buffer {
  const text = [
    '/ISk5\\2MT382-1003',
    '',
    '0-0:96.1.1(5A424556303035313036383434393132)',
    `1-0:1.7.0(${powerKW}*kW)`,
    '1-0:2.7.0(0000.00*kW)',
    '0-0:96.13.0(Storing op 12/04)',
    '0-2:24.3.0(211122210000)(00)(60)(1)(0-2:24.2.1)(m3)',
    '(13368.864)',
  ];
  return Buffer.from(`${text.join('\r\n')}\r\n${bang ? '!\r\n' : ''}`, 'latin1');
}

test('basjes_stream_dsmr50_566: starts mid-telegram, then 566 telegrams with valid CRCs', () => {
  const { readings, errors, counters } = decodeAll(fixture('basjes_stream_dsmr50_566.txt'));
  assert.equal(readings.length, 566);
  assert.deepEqual(errors, []);
  assert.ok(readings.every((r) => r.crc === 'valid'));
  assert.deepEqual(
    [counters.good, counters.bad, counters.skippedBytes > 0, counters.totalBytes],
    [566, 0, true, 440668],
  );
  assert.equal(new Set(readings.map((r) => r.timestamp)).size, 566, 'every telegram has its own second');
});

test('basjes_stream_dsmr50_1: garbage at the start, two telegrams, a partial one at the end', () => {
  const bytes = fixture('basjes_stream_dsmr50_1.txt');
  const { readings, errors } = decodeAll(bytes);
  assert.deepEqual(
    readings.map((r) => [r.timestamp, r.powerImportW]),
    [
      ['2019-03-24T15:05:19+01:00', 378],
      ['2019-03-24T15:05:20+01:00', 377],
    ],
  );
  assert.deepEqual(
    errors.map((e) => [e.kind, e.offset]),
    [['truncated', bytes.lastIndexOf('/ISK5')]],
  );
});

test('basjes_stream_dsmr50_2: a truncated telegram directly followed by a complete one', () => {
  const { events } = decodeAll(fixture('basjes_stream_dsmr50_2.txt'));
  assert.equal(events.length, 2);
  const [cut, good] = events;
  assert.ok(cut?.type === 'error' && good?.type === 'reading');
  assert.deepEqual([cut.error.kind, cut.error.offset, cut.error.line], ['truncated', 2, 16]);
  assert.equal(good.reading.timestamp, '2022-05-28T15:02:45+02:00');
  assert.deepEqual(
    good.reading.phases.map((p) => p.currentA),
    [0, 14, 3],
  );
});

test('a truncated telegram cut mid-line by "/", or after a bare CR, resyncs on the next', () => {
  const whole = dsmr5(0);
  for (const glue of ['', '\r']) {
    const bytes = Buffer.concat([whole.subarray(0, 400), Buffer.from(glue), dsmr5(1)]);
    const { readings, errors } = decodeAll(bytes);
    assert.deepEqual(
      errors.map((e) => [e.kind, e.offset]),
      [['truncated', 0]],
    );
    assert.equal(readings.length, 1);
    assert.equal(readings[0]!.timestamp, '2024-03-01T13:00:01+01:00');
  }
});

test('a telegram whose header has no pattern (Warmtelink) starts after a bare CR', () => {
  const warmtelink = fixture('ndokter_dsmr50_warmtelink_1.txt');
  const bytes = Buffer.concat([dsmr5(0).subarray(0, 300), Buffer.from('\r'), warmtelink]);
  assert.deepEqual(
    decodeAll(bytes).events.map((e) => (e.type === 'reading' ? e.reading.header : e.error.kind)),
    ['truncated', 'NWA-WARMTELINK'],
  );
});

test('without a CRC, a control byte inside a line is a syntax error, not a reading', () => {
  const damaged = Buffer.from(
    dsmr22('0000.89', true).toString('latin1').replace('0000.89', '00\x0000.89'),
    'latin1',
  );
  assert.deepEqual(
    decodeAll(damaged).errors.map((e) => [e.kind, e.line]),
    [['syntax', 4]],
  );
});

test('NUL and 0xFF after the CRC, and line noise between telegrams, are skipped', () => {
  const bytes = Buffer.concat([
    Buffer.from([0xff, 0x00, 0x41, 0x2f, 0x0d]),
    dsmr5(0).subarray(0, -2),
    Buffer.from([0x00, 0x0d, 0x0a]),
    Buffer.alloc(40, 0xff),
    Buffer.from('\r\n  25803103\r\n'),
    dsmr5(1),
  ]);
  const { readings, errors, counters } = decodeAll(bytes);
  assert.deepEqual(errors, []);
  assert.equal(readings.length, 2);
  assert.equal(counters.skippedBytes, 4 + 1 + 40 + 10, 'all but CR and LF');
});

test('a "/" inside a value or after junk is not a telegram start', () => {
  const text = dsmr5(0, { extraLines: ['0-0:96.13.1(see a/b and 12/04 x/y1)'] });
  const { readings, errors } = decodeAll(Buffer.concat([Buffer.from('xx/\x00\x01\r\n/\r\n'), text]));
  assert.deepEqual(errors, []);
  assert.equal(readings.length, 1);
});

test('Iskra MT382 without "!" lines: each ends where the next begins, at idle() or at end()', () => {
  const stream = Buffer.concat([
    dsmr22('0000.89', false),
    dsmr22('0001.23', false),
    dsmr22('0002.00', false),
  ]);
  const all = decodeAll(stream);
  assert.deepEqual(all.errors, []);
  assert.deepEqual(
    all.readings.map((r) => [r.powerImportW, r.crc, r.gas?.m3]),
    [
      [890, 'absent', 13368.864],
      [1230, 'absent', 13368.864],
      [2000, 'absent', 13368.864],
    ],
  );
  const decoder = createP1Decoder();
  assert.equal(decoder.push(dsmr22('0000.89', false)).length, 0, 'waits: more lines may come');
  const atIdle = decoder.idle();
  assert.equal(atIdle.length, 1);
  assert.equal(atIdle[0]!.type, 'reading');
});

test('an MT382 telegram cut inside its last line is truncated, even when the cut looks clean', () => {
  const whole = dsmr22('0000.89', false);
  const cut = whole.subarray(0, whole.indexOf('(0000.00*kW)') + 12);
  assert.deepEqual(
    decodeAll(cut).errors.map((e) => e.kind),
    ['truncated'],
  );
});

test('a telegram without "!" that declares DSMR 5, or follows CRC telegrams, is truncated', () => {
  const cut = dsmr5(0).subarray(0, 500);
  const lastLf = cut.lastIndexOf('\n') + 1;
  const whole = decodeAll(cut.subarray(0, lastLf));
  assert.deepEqual(
    whole.errors.map((e) => e.kind),
    ['truncated'],
  );
  const after = decodeAll(Buffer.concat([dsmr5(0), dsmr22('0000.89', false)]));
  assert.deepEqual(
    after.events.map((e) => (e.type === 'reading' ? 'reading' : e.error.kind)),
    ['reading', 'truncated'],
  );
  const lostCrc = decodeAll(Buffer.concat([dsmr5(0), dsmr22('0000.89', true)]));
  assert.deepEqual(
    lostCrc.errors.map((e) => e.kind),
    ['crc'],
    'no CRC after one was seen',
  );
});

test('telegrams of 8 KB and more parse; beyond maxTelegramBytes they are oversize and skipped', () => {
  const text = 'Onderhoud gepland. '.repeat(250);
  const big = dsmr5(0, { text });
  assert.ok(big.length >= 8192, `${big.length} bytes`);
  const { readings, errors } = decodeAll(big, {}, [1000, 4000, 8000]);
  assert.deepEqual(errors, []);
  assert.equal(readings[0]!.text, text);
  const limited = decodeAll(Buffer.concat([big, dsmr5(1)]), { maxTelegramBytes: 4096 });
  assert.deepEqual(
    limited.events.map((e) => (e.type === 'reading' ? e.reading.timestamp : e.error.kind)),
    ['oversize', '2024-03-01T13:00:01+01:00'],
  );
});

test('CRC: 1–4 hex digits in either case, checked over "/" … "!"', () => {
  const body = '/NWA-WARMTELINK\r\n\r\n1-3:0.2.8(50)\r\n';
  const full = withCrc(body).toString('latin1');
  const crc = full.slice(body.length + 1, -2);
  const lower = Buffer.from(`${body}!${crc.toLowerCase().replace(/^0+/, '')}\r\n`, 'latin1');
  assert.equal(decodeAll(lower).readings[0]?.crc, 'valid');
  const flipped = Buffer.from(full.replace('(50)', '(51)'), 'latin1');
  assert.deepEqual(
    decodeAll(flipped).errors.map((e) => [e.kind, e.line]),
    [['crc', 4]],
  );
  assert.equal(decodeAll(flipped, { lenient: true }).readings[0]?.crc, 'invalid');
});

test('a CRC split across chunks waits for its last digits; at end() 1–3 digits are all there is', () => {
  const bytes = dsmr5(0);
  const bang = bytes.lastIndexOf('!');
  const decoder = createP1Decoder();
  assert.deepEqual(decoder.push(bytes.subarray(0, bang + 3)), []);
  const events = decoder.push(bytes.subarray(bang + 3));
  assert.equal(events[0]?.type, 'reading');
  const short = createP1Decoder();
  short.push(bytes.subarray(0, bang + 3));
  assert.deepEqual(
    short.end().map((e) => (e.type === 'error' ? e.error.kind : e.type)),
    ['crc'],
  );
});

test('syntax errors name the line; counters count good and bad by kind', () => {
  const bad = withCrc('/KAM5\r\n\r\n1-0:1.7.0(00.100*kW)\r\n1-0:2.7.0(00.000*kW\r\n');
  const decoder = createP1Decoder();
  const events = [...decoder.push(Buffer.concat([bad, dsmr5(0)])), ...decoder.end()];
  assert.equal(events.length, 2);
  const [err] = events;
  assert.ok(err?.type === 'error');
  assert.deepEqual([err.error.kind, err.error.line, err.error.offset], ['syntax', 4, 0]);
  assert.equal(decoder.counters.good, 1);
  assert.equal(decoder.counters.bad, 1);
  assert.equal(decoder.counters.byKind.syntax, 1);
});
