// Phasor sums: line and neutral currents on tn, line currents between lines on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  activeA,
  addBranch,
  lineToLine,
  lineToNeutral,
  neutralA,
  threePhase,
  wattsPerBranchA,
} from './phasors.js';

const sums = () => ({ re: new Float64Array(3), im: new Float64Array(3) });
const lineA = (s: ReturnType<typeof sums>, p: number) => Math.hypot(s.re[p]!, s.im[p]!);
const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

describe('phasors on tn (3x400 V + N)', () => {
  it('a balanced load has no neutral current, whatever its size and power factor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        (a, cos) => {
          const s = sums();
          addBranch(s.re, s.im, 0, threePhase(), a, cos);
          close(neutralA(s.re, s.im, 0), 0, 1e-9 * Math.max(1, a));
          for (let p = 0; p < 3; p++) close(lineA(s, p), a, 1e-9 * Math.max(1, a));
        },
      ),
    );
  });

  it('equal 1-phase loads on the three phases cancel in the neutral too', () => {
    const s = sums();
    for (let p = 0; p < 3; p++) addBranch(s.re, s.im, 0, lineToNeutral(p), 10, 1);
    close(neutralA(s.re, s.im, 0), 0);
  });

  it('one 1-phase load returns all its current through the neutral', () => {
    const s = sums();
    addBranch(s.re, s.im, 0, lineToNeutral(1), 13, 1);
    close(neutralA(s.re, s.im, 0), 13);
    close(lineA(s, 1), 13);
    close(lineA(s, 0), 0);
  });

  it('10 A on L1 and on L2 leave 10 A in the neutral (120° apart)', () => {
    const s = sums();
    addBranch(s.re, s.im, 0, lineToNeutral(0), 10, 1);
    addBranch(s.re, s.im, 0, lineToNeutral(1), 10, 1);
    close(neutralA(s.re, s.im, 0), 10);
  });

  it('PV feeding cancels a load on the same phase; a lagging load has less active current', () => {
    const s = sums();
    addBranch(s.re, s.im, 0, lineToNeutral(2), 10, 1);
    addBranch(s.re, s.im, 0, lineToNeutral(2), -10, 1);
    close(lineA(s, 2), 0);
    const m = sums();
    addBranch(m.re, m.im, 0, lineToNeutral(2), 10, 0.8);
    close(lineA(m, 2), 10);
    close(activeA(m.re, m.im, 0, 2), 8);
  });
});

describe('phasors on it (3x230 V, no neutral)', () => {
  it('a load between L1 and L3 draws the same current in both lines, P = V·I', () => {
    const s = sums();
    const branch = lineToLine(0, 2);
    addBranch(s.re, s.im, 0, branch, 20, 1);
    close(lineA(s, 0), 20);
    close(lineA(s, 2), 20);
    close(lineA(s, 1), 0);
    // Active power through the virtual star point (V/√3 per line) adds up to V·I.
    const vStar = 230 / Math.sqrt(3);
    close(vStar * (activeA(s.re, s.im, 0, 0) + activeA(s.re, s.im, 0, 2)), 230 * 20, 1e-6);
    close(wattsPerBranchA('it', 230, branch), 230);
  });

  it('equal loads on L1-L2 and L2-L3 meet in L2 at 60°: √3 times the current', () => {
    const s = sums();
    addBranch(s.re, s.im, 0, lineToLine(0, 1), 10, 1);
    addBranch(s.re, s.im, 0, lineToLine(1, 2), 10, 1);
    close(lineA(s, 1), 10 * Math.sqrt(3));
  });

  it('a balanced 3-phase load takes √3·V·I', () => {
    const s = sums();
    addBranch(s.re, s.im, 0, threePhase(), 16, 1);
    const vStar = 230 / Math.sqrt(3);
    const p = vStar * [0, 1, 2].reduce((sum, l) => sum + activeA(s.re, s.im, 0, l), 0);
    close(p, Math.sqrt(3) * 230 * 16, 1e-6);
    close(wattsPerBranchA('it', 230, threePhase()), Math.sqrt(3) * 230);
  });
});
