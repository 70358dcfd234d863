import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CircuitStatus } from '../core/inputs.js';
import { emptyState, type AllocatorState } from '../core/state.js';
import { monthPeakEvent, OverloadWatch } from './watch.js';

const circuit = (id: string, limitA: number, measuredA: number[] | null): CircuitStatus => ({
  id,
  limitA,
  measuredA,
  baseLoadA: [0, 0, 0],
  availableA: [0, 0, 0],
  headroomA: [0, 0, 0],
});

describe('overload watch', () => {
  it('says an overload once when it starts, naming who was reduced since the cycle before', () => {
    const watch = new OverloadWatch();
    const ids = ['car1', 'car2'];
    assert.deepEqual(watch.check([circuit('main', 25, [20, 20, 20])], ids, [16, 16]), []);
    const [cut, ...rest] = watch.check([circuit('main', 25, [20, 27.4, 20])], ids, [6, 16]);
    assert.equal(rest.length, 0);
    assert.equal(cut!.circuit, 'main');
    assert.equal(cut!.phase, 'L2');
    assert.deepEqual(cut!.devices, [{ deviceId: 'car1', fromA: 16, toA: 6 }]);
    assert.match(
      cut!.message,
      /High consumption detected on main L2: 27\.4 A over the 25 A limit; car1 reduced from 16 A to 6 A/,
    );
    assert.deepEqual(
      watch.check([circuit('main', 25, [20, 26, 20])], ids, [0, 16]),
      [],
      'still over: not again',
    );
    assert.deepEqual(watch.check([circuit('main', 25, [20, 20, 20])], ids, [0, 16]), []);
    assert.equal(watch.check([circuit('main', 25, [20, 25.5, 20])], ids, [0, 16]).length, 1, 'a new spell');
  });

  it('at the limit is not over it; into the margin is not an overload; an unmetered circuit says nothing', () => {
    const watch = new OverloadWatch();
    assert.deepEqual(
      watch.check([circuit('main', 25, [25, 24.5, 0]), circuit('garage', 16, null)], ['a'], [6]),
      [],
    );
  });

  it('says when nothing controllable was left to reduce', () => {
    const watch = new OverloadWatch();
    const [cut] = watch.check([circuit('garage', 16, [17, 0, 0])], ['a'], [0]);
    assert.match(cut!.message, /no controllable device left to reduce/);
  });
});

describe('monthly peak', () => {
  const at = (key: string, peakW: number): AllocatorState => ({ ...emptyState(), month: { key, peakW } });
  it('announces a rise over a peak seen this run, in the same month only', () => {
    assert.equal(monthPeakEvent(at('2026-11', 3000), at('2026-11', 3000)), null);
    assert.equal(
      monthPeakEvent(at('2026-11', 0), at('2026-11', 3000)),
      null,
      'the first quarter after a start',
    );
    assert.equal(monthPeakEvent(at('2026-10', 5000), at('2026-11', 3000)), null, 'a new month');
    assert.equal(monthPeakEvent(emptyState(), at('2026-11', 3000)), null);
    const event = monthPeakEvent(at('2026-11', 3000), at('2026-11', 4250));
    assert.deepEqual(
      { month: event?.month, peakW: event?.peakW, previousW: event?.previousW },
      { month: '2026-11', peakW: 4250, previousW: 3000 },
    );
    assert.match(event!.message, /4\.25 kW \(was 3\.00 kW\)/);
  });
});
