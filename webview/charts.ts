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
  /** A reference level (what real data score), drawn dashed; read on every draw, since it can
   * arrive after the records. Implies no smoothing. */
  reference?: boolean;
}

/** One drawn line: a series' smoothed (or only) values, or, behind a smoothed one, its raw values
 * faintly, as TensorBoard draws them. */
interface Line<R> {
  spec: SeriesSpec<R>;
  raw: boolean;
}

const isSmoothed = <R>(s: SeriesSpec<R>) => s.smooth !== false && !s.reference;
const formatValue = (v: number) => String(Number(v.toPrecision(4)));

const FOREGROUND = themeColor('--vscode-foreground', '#ccc');
const GRID = themeColor('--vscode-editorWidget-border', '#444');
const MARKER = themeColor('--vscode-editorWarning-foreground', '#cca700');

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
  /** Steps marked with a dashed vertical line and a label (interventions in the run). */
  private markers: Array<{ step: number; label: string }> = [];

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

  /** Marks these steps (replacing the marks before); redraws only when they changed. */
  setMarkers(markers: Array<{ step: number; label: string }>): void {
    const same =
      markers.length === this.markers.length &&
      markers.every((m, i) => m.step === this.markers[i].step && m.label === this.markers[i].label);
    if (same) return;
    this.markers = markers;
    this.host.dataset.markers = String(markers.length);
    // Refit the step axis (it reaches the last marker) unless the user zoomed in.
    if (this.plot && this.source && !this.zoomed) this.plot.setData(this.plot.data);
    else this.plot?.redraw(false);
  }

  /** Draws the markers over the plot: a dashed line at each step, its label at the top. */
  private drawMarkers(u: uPlot): void {
    if (!this.markers.length) return;
    const { ctx, bbox } = u;
    ctx.save();
    ctx.strokeStyle = ctx.fillStyle = resolvePaint(MARKER);
    ctx.setLineDash([3, 3]);
    ctx.lineWidth = devicePixelRatio;
    ctx.font = `${10 * devicePixelRatio}px sans-serif`;
    let lastX = -Infinity;
    for (const m of this.markers) {
      const x = Math.round(u.valToPos(m.step, 'x', true));
      if (x < bbox.left || x > bbox.left + bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      // Labels of marks close together would overlap: only the first of a cluster says what it is.
      if (x - lastX > 60 * devicePixelRatio) {
        // Right of the line, or left of it where the label would run off the plot.
        const width = ctx.measureText(m.label).width;
        const left = x + 3 + width > bbox.left + bbox.width ? x - 3 - width : x + 3;
        ctx.fillText(m.label, Math.max(bbox.left, left), bbox.top + 10 * devicePixelRatio);
      }
      lastX = x;
    }
    ctx.restore();
  }

  /** uPlot's index (after the step) of the raw line behind series `spec`, if it has one. */
  private rawIndexOf(spec: SeriesSpec<R>): number {
    const i = this.lines.findIndex((l) => l.raw && l.spec === spec);
    return i < 0 ? -1 : i + 1;
  }

  private seriesOptions(line: Line<R>): uPlot.Series {
    const { spec } = line;
    const common = { stroke: resolvePaint(spec.color), spanGaps: true, ...(spec.reference ? { dash: [6, 4] } : {}) };
    if (line.raw) return { ...common, label: `${spec.label} (raw)`, alpha: 0.3, width: 1, points: { show: false } };
    const rawIndex = this.rawIndexOf(spec);
    return {
      ...common,
      label: spec.label,
      width: 1.5,
      points: { show: !isSmoothed(spec) && !spec.reference },
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
    // The step axis reaches the last marker too: a paused run's interventions come after its last
    // logged step. (uPlot ranges only what it fits itself; a drag's zoom stays as dragged.)
    const x: uPlot.Scale = {
      time: false,
      range: (_u, min, max) => {
        const end = Math.max(max, this.markers.at(-1)?.step ?? max);
        return end > min ? [min, end] : [min - 1, end + 1];
      },
    };
    const scales: uPlot.Scales = { x, y };
    this.plot = new uPlot(
      {
        ...this.size(),
        title: this.title,
        scales,
        axes,
        legend: { live: true },
        // uPlot clears the legend when the pointer leaves; show the latest values instead.
        hooks: {
          draw: [(u) => this.drawMarkers(u)],
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
      if (!raws.has(s) || s.reference)
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
