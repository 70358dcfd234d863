// A small inline-SVG chart: linear x and y scales, grid, axes, lines, bands, bars, a legend.
// Plain strings, no DOM and no library, so the report is one self-contained file.

export const WIDTH = 960;
const LEFT = 58;
const RIGHT = 14;
const TOP = 12;
const BOTTOM = 26;
const MAX_BAR_PX = 36;

export interface AxisTick {
  at: number;
  label: string;
}

export interface ChartOptions {
  /** Identifies the plot in the page (data-plot) and in tests. */
  id: string;
  title: string;
  unit: string;
  height?: number;
  x: [number, number];
  y: [number, number];
  xTicks: AxisTick[];
}

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/** 1, 2 or 5 × 10^k ticks covering [lo, hi], and the range widened to them. */
export function niceScale(lo: number, hi: number, target = 5): { ticks: number[]; range: [number, number] } {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const from = Math.floor(lo / step) * step;
  const to = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = from; v <= to + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return { ticks, range: [from, to] };
}

export class Chart {
  private readonly parts: string[] = [];
  private readonly legend: { color: string; label: string; dash: boolean }[] = [];
  readonly height: number;

  constructor(private readonly o: ChartOptions) {
    this.height = o.height ?? 220;
  }

  x(v: number): number {
    const [a, b] = this.o.x;
    return LEFT + ((v - a) / (b - a || 1)) * (WIDTH - LEFT - RIGHT);
  }

  y(v: number): number {
    const [a, b] = this.o.y;
    return this.height - BOTTOM - ((v - a) / (b - a || 1)) * (this.height - TOP - BOTTOM);
  }

  /** A series as a polyline; NaN values break it. */
  line(xs: ArrayLike<number>, ys: ArrayLike<number>, color: string, label?: string, dash = false): this {
    let d = '';
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i] ?? NaN;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${fmt(this.x(xs[i] ?? 0))} ${fmt(this.y(this.clampY(v)))}`;
      pen = true;
    }
    const style = dash ? ' stroke-dasharray="4 3"' : '';
    this.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.3"${style}/>`);
    if (label) this.legend.push({ color, label, dash });
    return this;
  }

  /** A filled band between two series (min/max envelopes). */
  band(
    xs: ArrayLike<number>,
    lo: ArrayLike<number>,
    hi: ArrayLike<number>,
    color: string,
    label?: string,
  ): this {
    if (xs.length === 0) return this;
    const top: string[] = [];
    const bottom: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const x = fmt(this.x(xs[i] ?? 0));
      top.push(`${x},${fmt(this.y(this.clampY(hi[i] ?? 0)))}`);
      bottom.push(`${x},${fmt(this.y(this.clampY(lo[i] ?? 0)))}`);
    }
    const points = [...top, ...bottom.reverse()].join(' ');
    this.parts.push(
      `<polygon points="${points}" fill="${color}" fill-opacity="0.28" stroke="${color}" stroke-width="0.6"/>`,
    );
    if (label) this.legend.push({ color, label, dash: false });
    return this;
  }

  /** A horizontal reference (a fuse, a target): data-value carries the value for readers and tests. */
  hline(value: number, color: string, label: string, cls: string): this {
    const y = fmt(this.y(value));
    this.parts.push(
      `<line class="${cls}" data-value="${value}" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="1.5" stroke-dasharray="7 4"/>`,
      `<text x="${WIDTH - RIGHT - 4}" y="${Number(y) - 4}" text-anchor="end" class="ref" fill="${color}">${esc(label)}</text>`,
    );
    return this;
  }

  /** Vertical bars from 0; `width` in x units. */
  bars(
    xs: ArrayLike<number>,
    ys: ArrayLike<number>,
    width: number,
    color: string,
    label?: string,
    outline = false,
  ): this {
    const w = Math.min(MAX_BAR_PX, Math.max(1, this.x(width) - this.x(0)));
    for (let i = 0; i < xs.length; i++) {
      const v = this.clampY(ys[i] ?? 0);
      const y0 = this.y(Math.max(0, this.o.y[0]));
      const y1 = this.y(v);
      const x = this.x(xs[i] ?? 0) - w / 2;
      const paint = outline ? `fill="none" stroke="${color}" stroke-width="1"` : `fill="${color}"`;
      this.parts.push(
        `<rect x="${fmt(x)}" y="${fmt(Math.min(y0, y1))}" width="${fmt(w)}" height="${fmt(Math.abs(y0 - y1))}" ${paint}/>`,
      );
    }
    if (label) this.legend.push({ color, label, dash: outline });
    return this;
  }

  /** Point markers with a hover title each. */
  markers(
    xs: ArrayLike<number>,
    ys: ArrayLike<number>,
    color: string,
    titles: string[],
    label?: string,
  ): this {
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(ys[i])) continue;
      const cx = fmt(this.x(xs[i] ?? 0));
      const cy = fmt(this.y(this.clampY(ys[i] ?? 0)));
      this.parts.push(
        `<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"><title>${esc(titles[i] ?? '')}</title></circle>`,
      );
    }
    if (label) this.legend.push({ color, label, dash: false });
    return this;
  }

  private clampY(v: number): number {
    const [a, b] = this.o.y;
    return Math.min(b, Math.max(a, v));
  }

  render(): string {
    const { o, height } = this;
    const { ticks } = niceScale(o.y[0], o.y[1]);
    const grid = ticks
      .filter((v) => v >= o.y[0] && v <= o.y[1])
      .map((v) => {
        const y = fmt(this.y(v));
        return `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" class="grid"/><text x="${LEFT - 6}" y="${Number(y) + 4}" text-anchor="end">${fmt(v)}</text>`;
      });
    const xTicks = o.xTicks.map((t) => {
      const x = this.x(t.at);
      // Labels at the edges stay inside the picture.
      const anchor = x > WIDTH - RIGHT - 24 ? 'end' : x < LEFT + 24 ? 'start' : 'middle';
      return `<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${TOP}" y2="${height - BOTTOM}" class="grid"/><text x="${fmt(x)}" y="${height - BOTTOM + 16}" text-anchor="${anchor}">${esc(t.label)}</text>`;
    });
    const legend = this.legend
      .map(
        (l) =>
          `<span class="key"><i style="border-top: 3px ${l.dash ? 'dashed' : 'solid'} ${l.color}"></i>${esc(l.label)}</span>`,
      )
      .join('');
    const frame = `<rect x="${LEFT}" y="${TOP}" width="${WIDTH - LEFT - RIGHT}" height="${height - TOP - BOTTOM}" class="frame"/>`;
    return [
      `<figure class="plot"><figcaption>${esc(o.title)} <span class="unit">(${esc(o.unit)})</span></figcaption>`,
      `<svg data-plot="${esc(o.id)}" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${esc(o.title)}">`,
      frame,
      ...grid,
      ...xTicks,
      ...this.parts,
      '</svg>',
      legend ? `<div class="legend">${legend}</div>` : '',
      '</figure>',
    ].join('');
  }
}

/** Plot width in pixels: the number of buckets worth drawing. */
export const PLOT_PX = WIDTH - LEFT - RIGHT;
