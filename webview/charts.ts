// The dashboard's charts on uPlot (made for 100,000s of points): losses, scores and quality,
// smoothed as TensorBoard does. Runs in the webview.
import uPlot from 'uplot';
import type { MetricsRecord } from '../src/core/run/runRecords';
import { smoothDebiased } from './smoothing';

export interface SeriesSpec {
  label: string;
  value: (r: MetricsRecord) => number | undefined;
  color: string;
  /** Which y scale: the left 'y' (default) or a second one drawn on the right. */
  scale?: string;
  /** Quality series are sparse and not smoothed. */
  smooth?: boolean;
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

export class MetricsChart {
  private plot: uPlot | undefined;
  private logScale = false;
  /** Per series (step first), the index of its last value: what the legend shows while the
   * pointer is not over the chart, so the numbers are always in view, as TensorBoard's are on hover. */
  private latest: Array<number | null> = [];
  /** The user dragged out a step range: new steps must not reset it (double-click zooms out). */
  private zoomed = false;
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor(private readonly host: HTMLElement, private readonly title: string, private readonly series: SeriesSpec[], private readonly rightLabel?: string) {
    this.resize.observe(host);
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
    const fg = cssVar('--vscode-foreground', '#ccc');
    const grid = cssVar('--vscode-editorWidget-border', '#444');
    const axis = (scale: string, side = 3): uPlot.Axis => ({ scale, side, stroke: fg, grid: { stroke: grid, width: 1, show: side === 3 }, ticks: { stroke: grid } });
    const axes: uPlot.Axis[] = [{ stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, label: 'step' }, axis('y')];
    const scales: uPlot.Scales = { x: { time: false }, y: logScale ? { distr: anyNegative ? 4 : 3, log: 10 } : {} };
    if (this.rightLabel) {
      axes.push({ ...axis('right', 1), label: this.rightLabel });
      scales.right = {};
    }
    this.plot = new uPlot({
      ...this.size(), title: this.title, scales, axes,
      legend: { live: true },
      // uPlot clears the legend when the pointer leaves; show the latest values instead.
      hooks: {
        setLegend: [(u) => { if (u.legend.idx == null && this.latest.length) u.setLegend({ idxs: this.latest }, false); }],
        // Zoomed means the step axis shows less than all the data (a drag in, not a double-click out).
        setScale: [(u, key) => {
          const steps = u.data[0];
          if (key === 'x' && steps.length) this.zoomed = u.scales.x.min! > steps[0] || u.scales.x.max! < steps[steps.length - 1];
          this.host.dataset.stepRange = `${u.scales.x.min ?? ''}-${u.scales.x.max ?? ''}`;
        }],
      },
      cursor: { drag: { x: true, y: false } },
      series: [{ label: 'step' }, ...this.series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, scale: s.scale ?? 'y', spanGaps: true, points: { show: s.smooth === false } }))],
    }, [[]], this.host);
  }

  /** Redraws from all records (cheap enough at 100,000 points; called at most a few times a second). */
  update(records: MetricsRecord[], smoothing: number, logScale: boolean): void {
    const x = records.map((r) => r.step);
    const columns = this.series.map((s) => {
      const raw = records.map((r) => { const v = s.value(r); return v === undefined ? null : v; });
      return s.smooth === false ? raw : smoothDebiased(raw, smoothing);
    });
    const anyNegative = columns.some((c) => c.some((v) => v !== null && v <= 0));
    const lastOf = (c: Array<number | null>) => { let i = c.length - 1; while (i >= 0 && c[i] === null) i--; return i >= 0 ? i : null; };
    this.latest = x.length ? [x.length - 1, ...columns.map(lastOf)] : [];
    if (!this.plot || logScale !== this.logScale) this.create(logScale, anyNegative);
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
