// The 2-D sample preview: real and generated points over the discriminator's output as a heat map
// (as GAN Lab draws it), with the plane's axes and a colour bar that says what the colours mean.
// Runs in the webview.
import { FAKE_POINT, judgedColor, REAL_POINT, type Rgb } from '../src/core/render/pointColors';
import type { SampleView } from '../src/shared/webviewProtocol';
import { DEFAULT_PLANE_VIEWS, type PlaneViews } from './dashboardState';
import { resolvePaint, themeColor } from './theme';
import { linearTickLabels } from './ticks';

/** The plot's square, and the margins for the axes' labels and the colour bar. */
const PLOT = 300;
const LEFT = 40;
const TOP = 8;
const BOTTOM = 22;
const BAR = { gap: 12, width: 12, labels: 46 };
export const POINTS_CANVAS = { width: LEFT + PLOT + BAR.gap + BAR.width + BAR.labels, height: TOP + PLOT + BOTTOM };

const FOREGROUND = themeColor('--vscode-foreground', '#ccc');
const FONT = themeColor('--vscode-font-family', 'sans-serif');
const css = ([r, g, b]: Rgb, a = 1) => `rgba(${r},${g},${b},${a})`;

/** About five round tick values over [min, max] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const raw = (max - min) / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return [min];
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** @param views which of GAN Lab's layers to draw (the heat map, G's manifold, G's pull). */
export function drawPoints(
  canvas: HTMLCanvasElement,
  sample: SampleView,
  views: PlaneViews = DEFAULT_PLANE_VIEWS,
): void {
  const p = sample.points!;
  canvas.width = POINTS_CANVAS.width;
  canvas.height = POINTS_CANVAS.height;
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const n = p.heatmapSize;
  const cell = PLOT / n;
  ctx.fillStyle = '#1e1e1e';
  ctx.fillRect(LEFT, TOP, PLOT, PLOT);
  const boundary = views.boundary && p.heatmap.length > 0;
  for (let r = 0; r < n && boundary; r++) {
    for (let c = 0; c < n; c++) {
      ctx.fillStyle = css(judgedColor(p.heatmap[r * n + c]));
      ctx.fillRect(LEFT + c * cell, TOP + r * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  const { xMin, xMax, yMin, yMax } = p.bounds;
  const toX = (x: number) => LEFT + ((x - xMin) / (xMax - xMin)) * PLOT;
  const toY = (y: number) => TOP + ((yMax - y) / (yMax - yMin)) * PLOT;
  const dots = (pts: number[], color: Rgb, size: number) => {
    ctx.fillStyle = css(color, 0.9);
    for (let i = 0; i + 1 < pts.length; i += 2)
      ctx.fillRect(toX(pts[i]) - size / 2, toY(pts[i + 1]) - size / 2, size, size);
  };
  // Everything of the plane stays inside its square (a manifold can reach far beyond the data).
  ctx.save();
  ctx.beginPath();
  ctx.rect(LEFT, TOP, PLOT, PLOT);
  ctx.clip();
  if (views.manifold && p.manifold && p.manifoldSize) drawManifold(ctx, p.manifold, p.manifoldSize, toX, toY);
  // Generated first, real on top: where the generator covers the data, the data still show.
  dots(p.fake, FAKE_POINT, 3);
  dots(p.real, REAL_POINT, 2.5);
  if (views.pull && p.pull) drawPull(ctx, p.fake, p.pull, toX, toY);
  ctx.restore();

  const fg = resolvePaint(FOREGROUND);
  ctx.font = `11px ${resolvePaint(FONT)}`;
  ctx.fillStyle = fg;
  ctx.strokeStyle = fg;
  ctx.lineWidth = 1;
  // The plane's coordinates: x under the plot, y to its left.
  const xs = niceTicks(xMin, xMax);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  linearTickLabels(xs).forEach((label, i) => {
    const x = toX(xs[i]);
    ctx.fillRect(x - 0.5, TOP + PLOT, 1, 4);
    ctx.fillText(label, x, TOP + PLOT + 6);
  });
  const ys = niceTicks(yMin, yMax);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  linearTickLabels(ys).forEach((label, i) => {
    const y = toY(ys[i]);
    ctx.fillRect(LEFT - 4, y - 0.5, 4, 1);
    ctx.fillText(label, LEFT - 6, y);
  });
  // The colour bar: D(x) from 0 (judged fake) at the bottom to 1 (judged real) at the top.
  if (!boundary) return;
  const barX = LEFT + PLOT + BAR.gap;
  for (let y = 0; y < PLOT; y++) {
    ctx.fillStyle = css(judgedColor(1 - y / (PLOT - 1)));
    ctx.fillRect(barX, TOP + y, BAR.width, 1);
  }
  ctx.strokeRect(barX - 0.5, TOP - 0.5, BAR.width + 1, PLOT + 1);
  ctx.fillStyle = fg;
  ctx.textAlign = 'left';
  for (const [v, label] of [
    [1, '1 real'],
    [0.5, '0.5'],
    [0, '0 fake'],
  ] as const) {
    const y = TOP + (1 - v) * (PLOT - 1);
    ctx.fillRect(barX + BAR.width, y - 0.5, 3, 1);
    ctx.fillText(label, barX + BAR.width + 5, y);
  }
}

type ToCanvas = (v: number) => number;

/** G's manifold as GAN Lab draws it: the latent grid's rows and columns as lines where G maps them. */
function drawManifold(ctx: CanvasRenderingContext2D, grid: number[], size: number, toX: ToCanvas, toY: ToCanvas): void {
  ctx.save();
  ctx.strokeStyle = css(FAKE_POINT, 0.55);
  ctx.lineWidth = 1;
  const at = (r: number, c: number) => [toX(grid[2 * (r * size + c)]), toY(grid[2 * (r * size + c) + 1])];
  ctx.beginPath();
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      const [x, y] = at(r, c);
      if (c + 1 < size) {
        const [x2, y2] = at(r, c + 1);
        ctx.moveTo(x, y);
        ctx.lineTo(x2, y2);
      }
      if (r + 1 < size) {
        const [x2, y2] = at(r + 1, c);
        ctx.moveTo(x, y);
        ctx.lineTo(x2, y2);
      }
    }
  ctx.stroke();
  ctx.restore();
}

/** Longest arrow, in canvas pixels: the pulls are scaled to it, so their lengths compare. */
const ARROW = 22;

/** An arrow from each of the first generated points the way G's loss pulls it. */
function drawPull(ctx: CanvasRenderingContext2D, fake: number[], pull: number[], toX: ToCanvas, toY: ToCanvas): void {
  ctx.save();
  // The plane is dark in every theme (its heat map's colours), so the arrows are light in every one.
  ctx.strokeStyle = 'rgba(255,255,255,0.85)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; 2 * i + 1 < pull.length && 2 * i + 1 < fake.length; i++) {
    const x = toX(fake[2 * i]);
    const y = toY(fake[2 * i + 1]);
    // Canvas y grows downwards.
    const dx = pull[2 * i] * ARROW;
    const dy = -pull[2 * i + 1] * ARROW;
    const length = Math.hypot(dx, dy);
    if (length < 1) continue;
    const [ux, uy] = [dx / length, dy / length];
    const head = Math.min(4, length / 2);
    ctx.moveTo(x, y);
    ctx.lineTo(x + dx, y + dy);
    ctx.moveTo(x + dx, y + dy);
    ctx.lineTo(x + dx - head * (ux - uy * 0.5), y + dy - head * (uy + ux * 0.5));
    ctx.moveTo(x + dx, y + dy);
    ctx.lineTo(x + dx - head * (ux + uy * 0.5), y + dy - head * (uy - ux * 0.5));
  }
  ctx.stroke();
  ctx.restore();
}
