// The report is one file with nothing to fetch, one SVG per plot, and the values where they belong.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bucket } from './downsample.js';
import { renderReport, writeReport } from './index.js';
import { PLOT_PX } from './svg.js';
import { aRun } from './test-run.js';

const plotIds = (html: string) => [...html.matchAll(/<svg data-plot="([^"]+)"/g)].map((m) => m[1]);

/** The y pixel of a value in a plot, from the plot's own grid labels (two ticks, linear). */
function yOf(svg: string, value: number): number {
  const ticks = [
    ...svg.matchAll(
      /y1="([\d.]+)" y2="[\d.]+" class="grid"\/><text x="\d+" y="[\d.]+" text-anchor="end">(-?[\d.]+)</g,
    ),
  ].map((m) => ({ y: Number(m[1]), v: Number(m[2]) }));
  const [a, b] = ticks;
  assert.ok(a && b, 'the plot has y grid labels');
  return a.y + ((value - a.v) * (b.y - a.y)) / (b.v - a.v);
}

function plot(html: string, id: string): string {
  const start = html.indexOf(`<svg data-plot="${id}"`);
  assert.ok(start >= 0, `plot ${id}`);
  return html.slice(start, html.indexOf('</svg>', start));
}

describe('writeReport', () => {
  it('writes one self-contained file: no scripts, no links, nothing over the network', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ampshare-report-'));
    try {
      const file = join(dir, 'report.html');
      await writeReport(file, aRun());
      const html = await readFile(file, 'utf8');
      assert.match(html, /^<!doctype html>/);
      assert.doesNotMatch(html, /(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
      assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
      assert.doesNotMatch(html, /NaN|undefined|Infinity/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('draws one SVG per plot', () => {
    const html = renderReport([aRun()]);
    assert.deepEqual(plotIds(html), [
      'current-main',
      'current-garage',
      'setpoints',
      'pv-grid',
      'quarter-hours',
      'sessions',
    ]);
    assert.equal((html.match(/<svg/g) ?? []).length, 6);
  });

  it('puts each fuse line at its value on the plot’s own scale', () => {
    const html = renderReport([aRun()]);
    for (const [id, fuseA] of [
      ['current-main', 25],
      ['current-garage', 16],
    ] as const) {
      const svg = plot(html, id);
      const line = new RegExp(`class="fuse" data-value="${fuseA}"[^>]*y1="([\\d.]+)"`).exec(svg);
      assert.ok(line, `${id} has a fuse line at ${fuseA} A`);
      assert.ok(Math.abs(Number(line[1]) - yOf(svg, fuseA)) < 0.2, `${id}: fuse at y ${line[1]}`);
      assert.match(svg, new RegExp(`fuse ${fuseA} A`));
    }
    assert.match(plot(html, 'current-main'), /thermal trip on L1 at 27\.9 A/);
  });

  it('shows the KPIs, with the optimum’s bound beside them', () => {
    const html = renderReport([aRun()]);
    assert.match(html, /EV energy delivered \(kWh\)<\/th><td>42\.0<\/td><td>≤ 45\.0<\/td>/);
    assert.match(html, /highest quarter-hour import \(kW\)<\/th><td>9\.10<\/td><td>≥ 8\.20<\/td>/);
    assert.match(html, /breaker trips<\/th><td>1<\/td><td>—<\/td>/);
    assert.match(plot(html, 'quarter-hours'), /class="peak" data-value="9\.1"/);
    assert.match(html, /1 missed<\/figcaption>/);
  });

  it('compares runs side by side and escapes what it prints', () => {
    const html = renderReport([aRun({ name: '<script>x</script>' }), aRun({ policy: 'uncontrolled' })]);
    assert.match(html, /<th>ampshare<\/th><th>uncontrolled<\/th><th>optimum \(bound\)<\/th>/);
    assert.equal((html.match(/<details/g) ?? []).length, 2);
    assert.equal(plotIds(html).length, 12);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&#60;script&#62;x/);
  });

  it('keeps a long run to a pixel’s worth of points per plot, spikes included', () => {
    // A year at 15-minute samples with one spike of 40 A in a single sample.
    const run = aRun({ samples: 35_040, stepS: 900 });
    const l1 = run.circuits[0]?.maxA[0];
    assert.ok(l1);
    l1[12_345] = 40;
    const html = renderReport([run]);
    assert.ok(html.length < 1_500_000, `${html.length} bytes`);
    const svg = plot(html, 'current-main');
    const spikeY = yOf(svg, 40);
    const ys = [...svg.matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]));
    assert.ok(
      ys.some((y) => Math.abs(y - spikeY) < 0.2),
      'the 40 A spike reaches the plot',
    );
  });
});

describe('bucket', () => {
  it('keeps the extremes and the mean of each pixel', () => {
    const b = bucket([1, 5, 2, 2, 9, 0, 3, 3], 2);
    assert.deepEqual([...b.min], [1, 0]);
    assert.deepEqual([...b.max], [5, 9]);
    assert.deepEqual([...b.mean], [2.5, 3.75]);
    assert.equal(bucket(new Float32Array(1_000_000), PLOT_PX).max.length, PLOT_PX);
    assert.equal(bucket([1, 2], PLOT_PX).max.length, 2);
  });
});
