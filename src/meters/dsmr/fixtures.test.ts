// Every single-telegram fixture behaves as INDEX.tsv says: CRC status, and the facts its notes list
// (ts, P+, P-, I, U, ver, avgDemand, mbusN) compared with the decoded Reading. The expected values
// are computed here from the notes' text, independently of the decoder (time zones through ICU).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reading } from '../../model/reading.js';
import { decodeAll, fixture, readIndex, type IndexRow } from './test-support.js';

/** "YYMMDDhhmmss[S|W]" → ISO 8601, or null for a clock-not-set / epoch / impossible date. */
function expectedTimestamp(tst: string): string | null {
  const m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([SWsw]?)$/.exec(tst);
  if (!m) return null;
  const [, yy, mo, dd, hh, mi, ss, flag] = m as unknown as string[];
  const local = `20${yy}-${mo}-${dd}T${hh}:${mi}:${ss}`;
  const asUtc = new Date(`${local}Z`);
  if (
    yy === '00' ||
    Number(yy) >= 70 ||
    Number.isNaN(asUtc.getTime()) ||
    asUtc.toISOString().slice(0, 19) !== local
  ) {
    return null;
  }
  if (flag) return `${local}${flag.toUpperCase() === 'S' ? '+02:00' : '+01:00'}`;
  const fmt = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const offset = ['+02:00', '+01:00'].find(
    (o) => fmt.format(new Date(`${local}${o}`)).replace(' ', 'T') === local,
  );
  return `${local}${offset}`;
}

/** "00.098*kW" → 98 (W); "000000621*W" → 621. */
function watts(text: string): number {
  const [value, unit] = text.split('*');
  return Number(value) * (unit === 'kW' ? 1000 : 1);
}

function near(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(actual != null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

/** The gas the notes imply: the lowest mbusN with a real timestamp and a value in m3. */
function expectedGas(facts: Map<string, string>): { m3: number; at?: string | null } | null {
  const channels = [...facts.entries()]
    .filter(([k]) => k.startsWith('mbus'))
    .sort(([a], [b]) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  for (const [key, value] of channels) {
    const groups = [...value.matchAll(/\(([^)]*)\)/g)].map((g) => g[1]!);
    if (key.includes('next line')) return { m3: Number(groups[0]) };
    const [tst = '', amount = ''] = groups;
    const at = expectedTimestamp(tst);
    if (at !== null && amount.endsWith('*m3')) return { m3: Number(amount.slice(0, -3)), at };
  }
  return null;
}

function checkFacts(row: IndexRow, r: Reading): number {
  let checked = 0;
  const f = row.facts;
  const fact = (k: string): string | undefined => f.get(k);
  if (fact('ver') !== undefined) {
    assert.equal(r.version, fact('ver'));
    checked++;
  }
  if (fact('ts') !== undefined) {
    assert.equal(r.timestamp, expectedTimestamp(fact('ts')!), 'timestamp');
    checked++;
  }
  if (fact('P+') !== undefined) near(r.powerImportW, watts(fact('P+')!), 'powerImportW');
  if (fact('P-') !== undefined) near(r.powerExportW, watts(fact('P-')!), 'powerExportW');
  for (const [key, field] of [
    ['I', 'currentA'],
    ['U', 'voltageV'],
  ] as const) {
    const values = fact(key)?.split('/');
    if (!values) continue;
    assert.equal(r.phases.length, values[1] === '-' ? 1 : 3, `phases from ${key}=${fact(key)}`);
    values.forEach((v, i) => {
      if (v !== '-') near(r.phases[i]![field], Number(v.split('*')[0]), `L${i + 1} ${field}`);
    });
    checked++;
  }
  if (fact('avgDemand') !== undefined)
    near(r.capacity?.averageDemandW, watts(fact('avgDemand')!), 'averageDemandW');
  if ([...f.keys()].some((k) => k.startsWith('mbus'))) {
    const gas = expectedGas(f);
    if (gas === null) assert.equal(r.gas, null, 'gas');
    else {
      near(r.gas?.m3, gas.m3, 'gas m3');
      if (gas.at !== undefined) assert.equal(r.gas?.at, gas.at, 'gas at');
    }
    checked++;
  }
  for (const p of r.phases) {
    assert.ok(p.netCurrentA === null || Number.isFinite(p.netCurrentA), 'netCurrentA finite or null');
  }
  return checked + (f.has('P+') ? 1 : 0) + (f.has('P-') ? 1 : 0) + (f.has('avgDemand') ? 1 : 0);
}

const rows = readIndex().filter((row) => !row.file.includes('stream') && !row.file.includes('encrypted'));

test('INDEX.tsv lists the single-telegram fixtures', () => {
  assert.ok(rows.length >= 45, `only ${rows.length} rows`);
});

for (const row of rows) {
  test(`${row.file}: ${row.dialect}`, () => {
    const bytes = fixture(row.file);
    const strict = decodeAll(bytes);
    let reading: Reading;
    if (row.hasCrc === 'no') {
      assert.deepEqual(strict.errors, []);
      assert.equal(strict.readings.length, 1);
      reading = strict.readings[0]!;
      assert.equal(reading.crc, 'absent');
    } else if (row.crcValid === 'yes') {
      assert.deepEqual(strict.errors, []);
      assert.equal(strict.readings.length, 1);
      reading = strict.readings[0]!;
      assert.equal(reading.crc, 'valid');
    } else {
      // "no (given EF2F, computed E47C)": rejected as a crc error naming both, accepted by lenient.
      const [, given, computed] = /given (\w+), computed (\w+)/.exec(row.crcValid)!;
      assert.equal(strict.readings.length, 0);
      assert.deepEqual(
        strict.errors.map((e) => [e.kind, e.offset]),
        [['crc', 0]],
      );
      assert.match(strict.errors[0]!.message, new RegExp(`${given}.*${computed}`));
      const lenient = decodeAll(bytes, { lenient: true });
      assert.deepEqual(lenient.errors, []);
      assert.equal(lenient.readings.length, 1);
      reading = lenient.readings[0]!;
      assert.equal(reading.crc, 'invalid');
    }
    assert.equal(reading.header, bytes.toString('latin1', 1, bytes.indexOf('\r\n')));
    const checked = checkFacts(row, reading);
    if (!/ace4000/.test(row.file)) assert.ok(checked >= 1, 'the notes gave something to check');
  });
}
