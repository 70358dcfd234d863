import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectPeriodMs, paceDelaysMs } from './pacing.js';

describe('pacing', () => {
  it('knows the period per dialect (P1-FACTS §1)', () => {
    assert.equal(dialectPeriodMs('50'), 1000);
    assert.equal(dialectPeriodMs('50217'), 1000);
    assert.equal(dialectPeriodMs('42'), 10000);
    assert.equal(dialectPeriodMs(null), 10000);
  });

  it('follows the telegrams own timestamps', () => {
    const frames = ['15:05:19', '15:05:20', '15:05:22', '15:05:23'].map((t) => ({
      timestamp: `2019-03-24T${t}+01:00`,
      version: '50',
    }));
    assert.deepEqual(paceDelaysMs(frames), [0, 1000, 2000, 1000]);
  });

  it('falls back to the dialect period without usable timestamps', () => {
    const frames = [
      { timestamp: null, version: null },
      { timestamp: null, version: null },
      { timestamp: '2000-01-01T00:00:00+01:00', version: '42' },
      { timestamp: '2019-03-24T15:05:19+01:00', version: '42' },
      { timestamp: '2019-03-24T15:05:19+01:00', version: '50' },
      { timestamp: '2019-03-24T15:05:18+01:00', version: '50' },
    ];
    assert.deepEqual(paceDelaysMs(frames), [0, 10000, 10000, 10000, 1000, 1000]);
  });
});
