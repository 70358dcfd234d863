// The parser remembers what it read last (the OBIS entry per line number, the header, identifiers,
// the timestamp up to its minute) because a meter repeats itself every second. None of that may
// show: every fixture decodes the same whatever was decoded before it. (This shows order does not
// matter; that each result is right is fixtures.test.ts and dialects.test.ts, from cold decoders.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeAll, fixture, readIndex, SMARTY_TEST_KEY } from './test-support.js';

const files = readIndex().map((row) => row.file);
const decode = (file: string): string =>
  JSON.stringify(decodeAll(fixture(file), { lenient: true, key: SMARTY_TEST_KEY }).events);

test('every fixture decodes the same in any order', () => {
  const alone = new Map(files.map((f) => [f, decode(f)]));
  fc.assert(
    fc.property(fc.shuffledSubarray(files, { minLength: 2, maxLength: 12 }), (order) => {
      for (const f of order) assert.equal(decode(f), alone.get(f), f);
    }),
    { seed: 3, numRuns: 60 },
  );
});
