// Properties of the decoder over byte streams (fast-check, fixed seeds so a failure reproduces):
// chunking never changes the outcome; corruption never throws and never yields a Reading from a
// telegram whose CRC fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { INTERNAL_ERROR } from './decoder.js';
import { encryptFrame } from './smarty.js';
import {
  MUTATION_TOKENS,
  SMARTY_TEST_KEY,
  crcBitwise,
  decodeAll,
  fixture,
  mutate,
  summarize,
  type Mutation,
} from './test-support.js';
import { writeTelegram } from './writer.js';

const stream566 = fixture('basjes_stream_dsmr50_566.txt');
/** The capture from its first whole telegram, `n` telegrams long. */
function telegrams566(n: number): Buffer {
  let end = stream566.indexOf('\r\n/') + 2;
  const start = end;
  for (let i = 0; i < n; i++) end = stream566.indexOf('\r\n/', end) + 2;
  return stream566.subarray(start, end);
}

const smartyFrame = encryptFrame(
  writeTelegram({
    time: new Date('2024-05-01T08:00:00Z'),
    phases: [{ powerImportW: 40, powerExportW: 0, voltageV: 230 }],
  }),
  SMARTY_TEST_KEY,
  Buffer.from('SAGgp\x01\xbdT', 'latin1'),
  42,
);

const mixed = Buffer.concat([
  fixture('basjes_stream_dsmr50_2.txt'),
  telegrams566(3),
  Buffer.from([0x00, 0xff, 0xff, 0x0d, 0x0a]),
  fixture('index9106749862_belgium-emucs171_1.bin'),
  fixture('spec-dsmr502_dsmr50_1.txt'),
  smartyFrame,
  fixture('openhab_smarty-encrypted_1.bin'),
  fixture('issue-romix5_dsmr50_1.txt').subarray(0, 300),
  fixture('spec-eso_lithuania_2.txt'),
]);
const cuts = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 60 });

test('any chunking of a stream gives the same events as one push', () => {
  const options = { key: SMARTY_TEST_KEY };
  const whole = summarize(decodeAll(mixed, options).events);
  assert.ok(whole.length >= 10);
  fc.assert(
    fc.property(cuts(mixed.length), (at) => {
      assert.deepEqual(summarize(decodeAll(mixed, options, at).events), whole);
    }),
    { seed: 1, numRuns: 200 },
  );
  const byteByByte = [...Array(mixed.length).keys()];
  assert.deepEqual(summarize(decodeAll(mixed, options, byteByByte).events), whole, 'one byte at a time');
});

test('any chunking of Iskra MT382 telegrams without "!" gives the same readings', () => {
  const mt382 = Buffer.concat(
    ['basjes_dsmr22_1.txt', 'basjes_dsmr22_3.txt', 'ndokter_dsmr30_1.txt'].map((f) => {
      const b = fixture(f);
      return b.subarray(0, b.lastIndexOf('!'));
    }),
  );
  const whole = decodeAll(mt382);
  assert.equal(whole.readings.length, 3);
  assert.deepEqual(whole.errors, []);
  fc.assert(
    fc.property(cuts(mt382.length), (at) => {
      assert.deepEqual(summarize(decodeAll(mt382, {}, at).events), summarize(whole.events));
    }),
    { seed: 2, numRuns: 200 },
  );
});

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(fc.constantFrom(...MUTATION_TOKENS), fc.uint8Array({ minLength: 1, maxLength: 16 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 900 }),
  }),
);

test('corrupted streams: no exception, and every Reading comes from a telegram whose CRC verifies', () => {
  const clean = Buffer.concat([
    telegrams566(4),
    fixture('index9106749862_belgium-emucs171_1.bin'),
    smartyFrame,
  ]);
  let readings = 0;
  fc.assert(
    fc.property(
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      cuts(clean.length + 2000),
      (mutations, at) => {
        const bytes = mutate(clean, mutations);
        const { events } = decodeAll(bytes, { key: SMARTY_TEST_KEY }, at);
        let lastOffset = -1;
        for (const e of events) {
          if (e.type === 'error') {
            assert.ok(!e.error.message.startsWith(INTERNAL_ERROR), e.error.message);
            assert.ok(e.error.offset >= lastOffset, 'errors in stream order');
            lastOffset = e.error.offset;
            continue;
          }
          readings++;
          assert.equal(e.reading.crc, 'valid', 'a CRC stream never yields "absent" or "invalid"');
          assert.ok(e.offset >= lastOffset, 'readings in stream order');
          lastOffset = e.offset;
          const frame = bytes.subarray(e.offset, e.offset + e.bytes);
          if (frame[0] === 0xdb) continue; // Smarty: the GCM tag authenticated it
          const bang = frame.lastIndexOf('!');
          assert.equal(frame[0], 0x2f);
          assert.equal(
            crcBitwise(frame.subarray(0, bang + 1)),
            parseInt(frame.toString('latin1', bang + 1), 16),
          );
        }
      },
    ),
    { seed: 3, numRuns: 400 },
  );
  assert.ok(readings > 400, `the corrupted streams still gave ${readings} readings`);
});
