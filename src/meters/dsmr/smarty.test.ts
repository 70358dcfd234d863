// Luxembourg Smarty frames: recognised in the byte stream, AES-128-GCM decrypted with the key, and
// the plaintext decoded as an ordinary telegram with its own CRC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decryptFrame, encryptFrame, readFrameHeader } from './smarty.js';
import { SMARTY_TEST_KEY, decodeAll, fixture } from './test-support.js';
import { withCrc, writeTelegram } from './writer.js';

const frame = fixture('openhab_smarty-encrypted_1.bin');
const systemTitle = Buffer.from('5341476770 01BD54'.replace(' ', ''), 'hex');

test('the openhab test vector decrypts; its inner CRC is invalid, so only lenient accepts it', () => {
  const header = readFrameHeader(frame, 0, frame.length);
  assert.deepEqual(header, { headerBytes: 13, totalBytes: 711 });
  const direct = decryptFrame(frame, 0, frame.length, SMARTY_TEST_KEY);
  assert.ok(direct.ok);
  assert.equal(direct.plaintext.length, 681);
  assert.equal(direct.plaintext.toString('latin1', 0, 18), '/Lux5\\253663629_D\r');

  const strict = decodeAll(frame, { key: SMARTY_TEST_KEY });
  assert.deepEqual(strict.readings, []);
  assert.deepEqual(
    strict.errors.map((e) => [e.kind, e.offset]),
    [['crc', 0]],
  );
  assert.match(strict.errors[0]!.message, /CFDE.*99BD/);

  const lenient = decodeAll(frame, { key: SMARTY_TEST_KEY, lenient: true });
  assert.deepEqual(lenient.errors, []);
  assert.equal(lenient.events[0]?.type === 'reading' && lenient.events[0].bytes, 711);
  const r = lenient.readings[0]!;
  assert.equal(r.crc, 'invalid');
  assert.equal(r.header, 'Lux5\\253663629_D');
  assert.equal(r.version, '42');
  assert.equal(r.timestamp, '2018-01-30T10:21:22+01:00');
});

test('a wrong key, or none, is a decrypt error', () => {
  const wrong = Buffer.from(SMARTY_TEST_KEY);
  wrong[15]! ^= 1;
  for (const options of [{ key: wrong }, {}]) {
    const { readings, errors } = decodeAll(frame, { ...options, lenient: true });
    assert.deepEqual(readings, []);
    assert.deepEqual(
      errors.map((e) => [e.kind, e.offset]),
      [['decrypt', 0]],
    );
  }
  assert.throws(() => decodeAll(frame, { key: Buffer.alloc(15) }), RangeError);
});

test('encrypt → decode round trip in all three A-XDR length forms', () => {
  const bodies = [
    withCrc('/Lux5\\x\r\n\r\n1-0:1.7.0(00.120*kW)\r\n'), // < 0x80: one length byte
    withCrc(`/Lux5\\x\r\n\r\n1-0:1.7.0(00.120*kW)\r\n0-0:96.13.0(${'41'.repeat(50)})\r\n`), // 0x81
    writeTelegram({
      time: new Date('2024-05-01T08:00:00Z'),
      phases: [{ powerImportW: 120, powerExportW: 0, voltageV: 230 }],
    }),
  ];
  const lengthForms: number[] = [];
  for (const [i, body] of bodies.entries()) {
    const encrypted = encryptFrame(body, SMARTY_TEST_KEY, systemTitle, 1000 + i);
    lengthForms.push(encrypted[10]! < 0x80 ? 0 : encrypted[10]!);
    const { readings, errors } = decodeAll(
      Buffer.concat([Buffer.from([0, 0xff]), encrypted, Buffer.from('\r\n')]),
      {
        key: SMARTY_TEST_KEY,
      },
    );
    assert.deepEqual(errors, []);
    assert.equal(readings[0]?.powerImportW, 120);
    assert.equal(readings[0]?.crc, 'valid');
  }
  assert.deepEqual(lengthForms, [0, 0x81, 0x82]);
});

test('a cut frame followed by a whole one: one decrypt error, then the reading', () => {
  const body = writeTelegram({
    time: new Date('2024-05-01T08:00:00Z'),
    phases: [{ powerImportW: 7, powerExportW: 0, voltageV: 230 }],
  });
  const a = encryptFrame(body, SMARTY_TEST_KEY, systemTitle, 1);
  const b = encryptFrame(body, SMARTY_TEST_KEY, systemTitle, 2);
  const c = encryptFrame(body, SMARTY_TEST_KEY, systemTitle, 3);
  const stream = Buffer.concat([a.subarray(0, 300), b, c]);
  const { events } = decodeAll(stream, { key: SMARTY_TEST_KEY }, [17, 400, 900]);
  assert.deepEqual(
    events.map((e) => (e.type === 'reading' ? ['reading', e.offset] : [e.error.kind, e.error.offset])),
    [
      ['decrypt', 0],
      ['reading', 300],
      ['reading', 300 + b.length],
    ],
  );
  const atEnd = decodeAll(a.subarray(0, 500), { key: SMARTY_TEST_KEY });
  assert.deepEqual(
    atEnd.errors.map((e) => e.kind),
    ['truncated'],
  );
});

test('an Austrian T210-D-r frame with its own authentication key', () => {
  const authKey = Buffer.from('000102030405060708090A0B0C0D0E0F', 'hex');
  const body = writeTelegram({
    time: new Date('2022-10-06T13:50:14Z'),
    phases: [{ powerImportW: 286, powerExportW: 0, voltageV: 230 }],
  });
  const encrypted = encryptFrame(body, SMARTY_TEST_KEY, systemTitle, 9, authKey);
  assert.equal(
    decodeAll(encrypted, { key: SMARTY_TEST_KEY }).errors[0]?.kind,
    'decrypt',
    'default AAD fails',
  );
  assert.equal(decodeAll(encrypted, { key: SMARTY_TEST_KEY, authKey }).readings[0]?.powerImportW, 286);
});

test('security byte 0x20 (no authentication) is refused as a decrypt error', () => {
  const encrypted = Buffer.from(frame);
  encrypted[13] = 0x20;
  assert.deepEqual(
    decodeAll(encrypted, { key: SMARTY_TEST_KEY }).errors.map((e) => e.kind),
    ['decrypt'],
  );
});
