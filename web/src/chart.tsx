// A uPlot chart that fills its container's width and shows the span asked for (not just the
// data's extent: an hour's view of a daemon started five minutes ago is still an hour). Drag to
// zoom into a time range, double-click to see the whole span again; charts in one ZoomGroup zoom
// together and share the cursor.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** Charts that zoom together. While zoomed, new data does not reset the view. */
export class ZoomGroup {
  readonly key = `zoom-${Math.random().toString(36).slice(2)}`;
  readonly charts = new Set<uPlot>();
  zoomed = false;
  private syncing = false;

  /** Spreads one chart's x range to the others. */
  spread(from: uPlot): void {
    if (this.syncing) return;
    this.syncing = true;
    const { min, max } = from.scales.x ?? {};
    for (const chart of this.charts) {
      if (chart !== from && min != null && max != null) chart.setScale('x', { min, max });
    }
    this.syncing = false;
  }
}

export interface ChartProps {
  /** Builds the options (series, axes, colours); called again when `shape` changes. */
  options: () => Omit<uPlot.Options, 'width' | 'height'>;
  /** Changes when the series change (a new uPlot is made); data alone only updates it. */
  shape: string;
  data: uPlot.AlignedData;
  /** The span shown when not zoomed, in seconds since the epoch (uPlot's time unit). */
  rangeS: [number, number];
  height: number;
  group: ZoomGroup;
  testid: string;
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;

  const showAll = (u: uPlot): void => {
    const [min, max] = latest.current.rangeS;
    u.setScale('x', { min, max });
  };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { group } = props;
    const base = props.options();
    const u = new uPlot(
      {
        ...base,
        width: Math.max(200, el.clientWidth),
        height: props.height,
        cursor: {
          ...base.cursor,
          drag: { x: true, y: false },
          sync: { key: group.key },
          // uPlot's own double-click fits the data; ours goes back to the whole span.
          bind: {
            dblclick: (self) => () => {
              group.zoomed = false;
              showAll(self);
              return null;
            },
          },
        },
        hooks: {
          ...base.hooks,
          setSelect: [(self) => void (self.select.width > 0 && (group.zoomed = true))],
          setScale: [
            (self, key) => {
              if (key !== 'x') return;
              // The range in force, on the element: what a test (or a curious user) can read.
              el.dataset.xMin = String(Math.round(self.scales.x?.min ?? 0));
              el.dataset.xMax = String(Math.round(self.scales.x?.max ?? 0));
              group.spread(self);
            },
          ],
        },
      },
      latest.current.data,
      el,
    );
    showAll(u);
    group.charts.add(u);
    chart.current = u;
    const resize = new ResizeObserver(() =>
      u.setSize({ width: Math.max(200, el.clientWidth), height: props.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      group.charts.delete(u);
      u.destroy();
      chart.current = null;
    };
    // A new chart only when the series change; new data goes through setData below.
  }, [props.shape, props.height, props.group]);

  useEffect(() => {
    const u = chart.current;
    if (!u) return;
    u.setData(props.data, false);
    if (!props.group.zoomed) showAll(u);
  }, [props.data]);

  return <div class="chart" ref={box} data-testid={props.testid} />;
}
