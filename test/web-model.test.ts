// The dashboard's pure parts (web/src), tested without a browser: what the phase bars draw, the
// history charts' columns, and the WebSocket's reconnect delays.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aCharger, aDevice } from '../src/store/test-support/states.js';
import { reconnectDelayMs } from '../web/src/backoff.js';
import { currentData, powerData } from '../web/src/history-series.js';
import { circuitBars, phaseLevel, subtree } from '../web/src/phase-model.js';
import type { HistoryPoint, LiveCircuit } from '../web/src/types.js';

const circuit = (id: string, parent: string | null, over: Partial<LiveCircuit> = {}): LiveCircuit => ({
  id,
  parent,
  limitA: 25,
  fuseA: 25,
  marginA: 1,
  measuredA: null,
  baseLoadA: [0, 0, 0],
  headroomA: [0, 0, 0],
  ...over,
});

describe('dashboard: phase bars', () => {
  it('colours a phase by where it stands against the limit and the margin', () => {
    const table: [number, 'ok' | 'near' | 'over'][] = [
      [10, 'ok'],
      [22.9, 'ok'],
      [23, 'near'], // limit 25 − margin 1 − 1 A
      [25, 'near'], // at the limit is not over it
      [25.1, 'over'],
    ];
    for (const [currentA, level] of table) assert.equal(phaseLevel(currentA, 25, 1), level, `${currentA} A`);
  });

  it('counts a device under the circuit or any circuit below it', () => {
    const circuits = [
      circuit('main', null),
      circuit('garage', 'main'),
      circuit('wallbox', 'garage'),
      circuit('pool', 'main'),
    ];
    assert.deepEqual([...subtree(circuits, 'garage')].sort(), ['garage', 'wallbox']);
    assert.deepEqual([...subtree(circuits, 'main')].sort(), ['garage', 'main', 'pool', 'wallbox']);
  });

  it('stacks base load and devices; the total is the measured current when there is one', () => {
    const circuits = [
      circuit('main', null, { measuredA: [20, 9, 9], baseLoadA: [4, 1, 1] }),
      circuit('carport', 'main', { fuseA: 20, limitA: 20, baseLoadA: [0, 0, 0] }),
    ];
    const devices = [
      aCharger({ id: 'car1', circuit: 'carport', measuredA: [16, 8, 8] }),
      aDevice({ id: 'hob', circuit: 'main', phases: ['L1'], setpointA: 0, measuredA: null }),
    ];
    const main = circuitBars(circuits[0]!, circuits, devices, 3);
    assert.deepEqual(
      main.phases.map((p) => [
        p.phase,
        p.totalA,
        p.baseA,
        p.devices.map((d) => `${d.id}:${d.currentA}`).join(),
      ]),
      [
        ['L1', 20, 4, 'car1:16'],
        ['L2', 9, 1, 'car1:8'],
        ['L3', 9, 1, 'car1:8'],
      ],
    );
    const carport = circuitBars(circuits[1]!, circuits, devices, 3);
    assert.equal(carport.phases[0]!.measuredA, null, 'an unmetered circuit');
    assert.equal(carport.phases[0]!.totalA, 16, 'shows base + devices');
    assert.ok(carport.scaleA >= 20, 'the bar reaches past the fuse');
  });
});

describe('dashboard: history columns', () => {
  const point = (tMs: number, over: Partial<HistoryPoint> = {}): HistoryPoint => ({
    tMs,
    importW: 1234.4,
    exportW: 0,
    pvW: null,
    phaseA: [1, 2, 3],
    phaseMaxA: [4, 5, 6],
    limitA: 25,
    devicesW: {},
    importKWh: 0,
    exportKWh: 0,
    ...over,
  });

  it('turns points into uPlot columns: x in seconds, kW, a gap for missing PV', () => {
    const data = powerData([point(60_000), point(120_000, { pvW: 2500 })]);
    assert.deepEqual(data, [
      [60, 120],
      [1.234, 1.234],
      [0, 0],
      [null, 2.5],
    ]);
  });

  it('per phase: averages or maxima, and the limit line', () => {
    const points = [point(0, { limitA: 20 })];
    assert.deepEqual(currentData(points, 3, false), [[0], [1], [2], [3], [20]]);
    assert.deepEqual(currentData(points, 3, true), [[0], [4], [5], [6], [20]]);
    assert.deepEqual(currentData(points, 1, true), [[0], [4], [20]]);
  });
});

describe('dashboard: reconnecting', () => {
  it('waits exponentially longer, capped at 30 s, with jitter between half and all of it', () => {
    assert.equal(reconnectDelayMs(0, 0), 250);
    assert.equal(reconnectDelayMs(0, 0.999999), 500);
    assert.equal(reconnectDelayMs(3, 0.999999), 4000);
    assert.equal(reconnectDelayMs(20, 0.999999), 30_000);
    assert.equal(reconnectDelayMs(20, 0), 15_000);
  });
});
