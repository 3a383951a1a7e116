// The sample preview: a grid of generated images, or real and generated 2-D points over the
// discriminator's heat map (as GAN Lab draws it), with a slider back through earlier steps.
// Runs in the webview.
import type { SampleView } from '../src/shared/webviewProtocol';

const SIZE = 320;

export function drawPoints(canvas: HTMLCanvasElement, sample: SampleView): void {
  const p = sample.points!;
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d')!;
  const n = p.heatmapSize;
  const cell = SIZE / n;
  ctx.fillStyle = '#1e1e1e';
  ctx.fillRect(0, 0, SIZE, SIZE);
  // Heat map: green where D says "real", purple where it says "fake".
  for (let r = 0; r < n && p.heatmap.length; r++) {
    for (let c = 0; c < n; c++) {
      const v = p.heatmap[r * n + c];
      ctx.fillStyle = `rgb(${Math.round(60 + 60 * (1 - v))},${Math.round(50 + 90 * v)},${Math.round(80 + 40 * (1 - v))})`;
      ctx.fillRect(c * cell, r * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  const { xMin, xMax, yMin, yMax } = p.bounds;
  const dot = (pts: number[], color: string) => {
    ctx.fillStyle = color;
    for (let i = 0; i + 1 < pts.length; i += 2) {
      const x = ((pts[i] - xMin) / (xMax - xMin)) * SIZE;
      const y = ((yMax - pts[i + 1]) / (yMax - yMin)) * SIZE;
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
  };
  dot(p.real, 'rgba(220,220,220,0.9)');
  dot(p.fake, 'rgba(255,140,0,0.9)');
}
