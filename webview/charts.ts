// The dashboard's charts on uPlot (made for 100,000s of points): losses, scores and quality,
// smoothed as TensorBoard does. Runs in the webview.
import uPlot from 'uplot';
import type { MetricsRecord } from '../src/core/run/runRecords';
import { smoothDebiased } from './smoothing';
import { resolvePaint, themeColor, type Paint } from './theme';
import { linearTickLabels, logTickLabels } from './ticks';

/** How a chart's value axis is drawn. */
export interface ChartOptions {
  /** Counts (modes covered): whole-number ticks only. */
  integer?: boolean;
  /** The value axis' fixed range (a percentage's 0 to 100); otherwise it fits the data. */
  range?: [number, number];
}

export interface SeriesSpec<R = MetricsRecord> {
  label: string;
  value: (r: R) => number | undefined;
  /** Read again when the theme changes, so a theme's colour follows it. */
  color: Paint;
  /** Quality series are sparse and not smoothed. */
  smooth?: boolean;
}

/** One drawn line: a series' smoothed (or only) values, or, behind a smoothed one, its raw values
 * faintly, as TensorBoard draws them. */
interface Line<R> {
  spec: SeriesSpec<R>;
  raw: boolean;
}

const isSmoothed = <R>(s: SeriesSpec<R>) => s.smooth !== false;
const formatValue = (v: number) => String(Number(v.toPrecision(4)));

const FOREGROUND = themeColor('--vscode-foreground', '#ccc');
const GRID = themeColor('--vscode-editorWidget-border', '#444');

/** A chart of records that each have a step: a run's metrics, or (in Compare) one row per step
 * holding every run's record at that step. */
export class MetricsChart<R extends { step: number } = MetricsRecord> {
  private plot: uPlot | undefined;
  private logScale = false;
  /** Per series (step first), the index of its last value: what the legend shows while the
   * pointer is not over the chart, so the numbers are always in view, as TensorBoard's are on hover. */
  private latest: Array<number | null> = [];
  /** The records last drawn, with their step and raw value columns. */
  private source: { records: R[]; x: number[]; raws: Map<SeriesSpec<R>, Array<number | null>> } | undefined;
  /** The smoothing of the last draw, to draw the same again in a new theme. */
  private drawn: { smoothing: number } | undefined;
  /** The user dragged out a step range: new steps must not reset it (double-click zooms out). */
  private zoomed = false;
  private readonly resize = new ResizeObserver(() => this.fit());
  /** Raw lines first, so they are drawn behind the smoothed ones. */
  private readonly lines: Line<R>[];

  constructor(
    private readonly host: HTMLElement,
    private readonly title: string,
    series: SeriesSpec<R>[],
    private readonly options: ChartOptions = {},
  ) {
    this.lines = [
      ...series.filter(isSmoothed).map((spec) => ({ spec, raw: true })),
      ...series.map((spec) => ({ spec, raw: false })),
    ];
    this.resize.observe(host);
  }

  /** uPlot's index (after the step) of the raw line behind series `spec`, if it has one. */
  private rawIndexOf(spec: SeriesSpec<R>): number {
    const i = this.lines.findIndex((l) => l.raw && l.spec === spec);
    return i < 0 ? -1 : i + 1;
  }

  private seriesOptions(line: Line<R>): uPlot.Series {
    const { spec } = line;
    const common = { stroke: resolvePaint(spec.color), spanGaps: true };
    if (line.raw) return { ...common, label: `${spec.label} (raw)`, alpha: 0.3, width: 1, points: { show: false } };
    const rawIndex = this.rawIndexOf(spec);
    return {
      ...common,
      label: spec.label,
      width: 1.5,
      points: { show: !isSmoothed(spec) },
      // The legend gives the raw value beside the smoothed one.
      value: (u, v, _sidx, idx) => {
        if (v == null) return '--';
        const raw = rawIndex > 0 && idx != null ? u.data[rawIndex][idx] : null;
        return raw == null ? formatValue(v) : `${formatValue(v)} (raw ${formatValue(raw)})`;
      },
    };
  }

  private size() {
    return { width: Math.max(200, this.host.clientWidth), height: 220 };
  }

  private fit(): void {
    this.plot?.setSize(this.size());
  }

  private create(logScale: boolean, anyNegative: boolean): void {
    this.plot?.destroy();
    this.zoomed = false;
    this.logScale = logScale;
    const fg = resolvePaint(FOREGROUND);
    const grid = resolvePaint(GRID);
    // What the axes were drawn with, for the end-to-end test of a theme switch.
    this.host.dataset.axisColor = fg;
    const { integer, range } = this.options;
    const axes: uPlot.Axis[] = [
      { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: 'step' },
      {
        stroke: fg,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        values: (_u, splits) => (logScale ? logTickLabels(splits) : linearTickLabels(splits)),
        ...(integer ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}),
      },
    ];
    const y: uPlot.Scale = logScale ? { distr: anyNegative ? 4 : 3, log: 10 } : {};
    if (range) y.range = range;
    else if (integer) y.range = (_u, _min, max) => [0, Math.max(1, Math.ceil(max))];
    const scales: uPlot.Scales = { x: { time: false }, y };
    this.plot = new uPlot(
      {
        ...this.size(),
        title: this.title,
        scales,
        axes,
        legend: { live: true },
        // uPlot clears the legend when the pointer leaves; show the latest values instead.
        hooks: {
          setLegend: [
            (u) => {
              if (u.legend.idx == null && this.latest.length) u.setLegend({ idxs: this.latest }, false);
            },
          ],
          // A series shown or hidden from its legend entry takes its raw line along.
          setSeries: [
            (u, sidx, opts) => {
              const line = sidx ? this.lines[sidx - 1] : undefined;
              const rawIndex = line && !line.raw ? this.rawIndexOf(line.spec) : -1;
              if (rawIndex > 0 && opts.show !== undefined) u.setSeries(rawIndex, { show: opts.show }, false);
            },
          ],
          // Zoomed means the step axis shows less than all the data (a drag in, not a double-click out).
          setScale: [
            (u, key) => {
              const steps = u.data[0];
              if (key === 'x' && steps.length)
                this.zoomed = u.scales.x.min! > steps[0] || u.scales.x.max! < steps[steps.length - 1];
              this.host.dataset.stepRange = `${u.scales.x.min ?? ''}-${u.scales.x.max ?? ''}`;
            },
          ],
        },
        cursor: { drag: { x: true, y: false } },
        series: [{ label: 'step' }, ...this.lines.map((l) => this.seriesOptions(l))],
      },
      [[]],
      this.host,
    );
    // The raw lines speak through their smoothed series' legend entries.
    const rows = this.plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
    this.lines.forEach((l, i) => {
      if (l.raw) rows[i + 1].style.display = 'none';
    });
  }

  /**
   * Draws again in the theme shown now: uPlot paints on a canvas with the colours it was built
   * with, so it is built again (on the same records and step range; a theme change is rare).
   */
  retheme(): void {
    if (!this.plot || !this.source) return;
    const range = this.zoomed ? { min: this.plot.scales.x.min!, max: this.plot.scales.x.max! } : undefined;
    const hidden = this.plot.series.flatMap((s, i) => (i > 0 && s.show === false ? [i] : []));
    const { smoothing } = this.drawn!;
    this.plot.destroy();
    this.plot = undefined;
    this.update(this.source.records, smoothing, this.logScale);
    for (const i of hidden) this.plot!.setSeries(i, { show: false }, false); // as the user left them
    if (range) this.plot!.setScale('x', range);
  }

  /** Redraws from all records, at most once a frame and, while training, once a metrics batch.
   * With 100,000 per series, about 40 ms when only the smoothing changed (the columns are reused)
   * and 70 ms with new records (end-to-end test). */
  update(records: R[], smoothing: number, logScale: boolean): void {
    this.drawn = { smoothing };
    // The same records (only the smoothing or scale changed): their columns are as they were.
    if (this.source?.records !== records) this.source = { records, x: records.map((r) => r.step), raws: new Map() };
    const { x, raws } = this.source;
    const rawOf = (s: SeriesSpec<R>) => {
      if (!raws.has(s))
        raws.set(
          s,
          records.map((r) => {
            const v = s.value(r);
            return v === undefined ? null : v;
          }),
        );
      return raws.get(s)!;
    };
    const columns = this.lines.map((l) =>
      l.raw || !isSmoothed(l.spec) ? rawOf(l.spec) : smoothDebiased(rawOf(l.spec), smoothing),
    );
    const lastOf = (c: Array<number | null>) => {
      let i = c.length - 1;
      while (i >= 0 && c[i] === null) i--;
      return i >= 0 ? i : null;
    };
    this.latest = x.length ? [x.length - 1, ...columns.map(lastOf)] : [];
    if (!this.plot || logScale !== this.logScale)
      this.create(
        logScale,
        columns.some((c) => c.some((v) => v !== null && v <= 0)),
      );
    if (x.length < this.plot!.data[0].length) this.zoomed = false; // a new run: show all of it
    if (this.zoomed) {
      this.plot!.setData([x, ...columns] as uPlot.AlignedData, false);
      this.plot!.redraw(); // over the same step range
    } else {
      this.plot!.setData([x, ...columns] as uPlot.AlignedData);
    }
    if (this.plot!.cursor.idx == null && this.latest.length) this.plot!.setLegend({ idxs: this.latest }, false);
  }
}
