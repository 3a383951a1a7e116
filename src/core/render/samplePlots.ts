// Draws sample previews into pixels: a grid of generated images, or real and generated 2-D points
// over the discriminator's heat map (as GAN Lab shows them). Pure.
import { drawText, GLYPH, textWidth } from './pixelFont';
import { encodePng } from './png';
import { FAKE_POINT, judgedColor, REAL_POINT, type Rgb } from './pointColors';

/** Tiles `count` images of h x w x c (values in [-1, 1]) into a near-square grid (or `columns`
 * wide: 1 for one image, `count` for a strip), 1 px apart. */
export function imageGridPng(
  images: Float32Array,
  count: number,
  height: number,
  width: number,
  channels: number,
  columns?: number,
): Buffer {
  const cols = columns ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const W = cols * (width + 1) + 1;
  const H = rows * (height + 1) + 1;
  const out = new Uint8Array(W * H * 3).fill(40);
  const size = height * width * channels;
  for (let i = 0; i < count; i++) {
    const ox = 1 + (i % cols) * (width + 1);
    const oy = 1 + Math.floor(i / cols) * (height + 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = i * size + (y * width + x) * channels;
        const dst = ((oy + y) * W + ox + x) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const v = images[src + (channels === 3 ? ch : 0)];
          out[dst + ch] = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5)));
        }
      }
    }
  }
  return encodePng(W, H, 3, out);
}

/** One image of h x w x c (values in [-1, 1]) as a PNG of its own size: grayscale or RGB. */
export function imagePng(values: Float32Array, height: number, width: number, channels: number): Buffer {
  const pixels = new Uint8Array(height * width * (channels === 1 ? 1 : 3));
  const c = channels === 1 ? 1 : 3;
  for (let i = 0; i < height * width; i++)
    for (let k = 0; k < c; k++)
      pixels[i * c + k] = Math.max(0, Math.min(255, Math.round((values[i * channels + k] + 1) * 127.5)));
  return encodePng(width, height, c as 1 | 3, pixels);
}

export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A square around all points with a 10 % margin, so real and generated samples share one view. */
export function boundsOf(points: ArrayLike<number>): PlotBounds {
  let xMin = Infinity,
    xMax = -Infinity,
    yMin = Infinity,
    yMax = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    xMin = Math.min(xMin, points[i]);
    xMax = Math.max(xMax, points[i]);
    yMin = Math.min(yMin, points[i + 1]);
    yMax = Math.max(yMax, points[i + 1]);
  }
  if (!Number.isFinite(xMin)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const half = Math.max(xMax - xMin, yMax - yMin, 1e-3) * 0.6;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** Cells of the heat map per side, as GAN Lab uses. */
export const HEATMAP_SIZE = 30;

/** Grid cell centres (x, y pairs, row by row from the top) where the heat map is evaluated. */
export function heatmapGrid(b: PlotBounds, size = HEATMAP_SIZE): Float32Array {
  const out = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      out[2 * (r * size + c)] = b.xMin + ((c + 0.5) / size) * (b.xMax - b.xMin);
      out[2 * (r * size + c) + 1] = b.yMax - ((r + 0.5) / size) * (b.yMax - b.yMin);
    }
  }
  return out;
}

/** Rows under a scatter plot for its caption: two lines of the font, with margins. */
const LINE = GLYPH.height + 5;
const CAPTION_ROWS = 2 * LINE + 4;

/**
 * A scatter plot PNG: the heat map (the discriminator's output, purple = judged fake to green =
 * judged real), generated points in orange under real ones in grey, and under the plot a caption:
 * the step, the points' legend and the heat map's colour bar, so the file says what it shows.
 */
export function scatterPng(
  real: ArrayLike<number>,
  fake: ArrayLike<number>,
  b: PlotBounds,
  heat?: ArrayLike<number>,
  px = 320,
  step?: number,
): Buffer {
  const height = px + CAPTION_ROWS;
  const img = new Uint8Array(px * height * 3).fill(30);
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      if (!heat) continue;
      const v = heat[Math.floor((y / px) * HEATMAP_SIZE) * HEATMAP_SIZE + Math.floor((x / px) * HEATMAP_SIZE)];
      img.set(judgedColor(v), (y * px + x) * 3);
    }
  }
  const dot = (pts: ArrayLike<number>, rgb: Rgb, r: number) => {
    for (let i = 0; i + 1 < pts.length; i += 2) {
      const cx = Math.round(((pts[i] - b.xMin) / (b.xMax - b.xMin)) * (px - 1));
      const cy = Math.round(((b.yMax - pts[i + 1]) / (b.yMax - b.yMin)) * (px - 1));
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const x = cx + dx,
            y = cy + dy;
          if (x < 0 || y < 0 || x >= px || y >= px || dx * dx + dy * dy > r * r) continue;
          img.set(rgb, (y * px + x) * 3);
        }
      }
    }
  };
  // Generated first, real on top: where the generator covers the data, the data still show.
  dot(fake, FAKE_POINT, 1);
  dot(real, REAL_POINT, 1);
  drawCaption(img, px, px + 4, { step, real: real.length > 0, fake: fake.length > 0, heat: !!heat });
  return encodePng(px, height, 3, img);
}

/** The caption row: "step N", swatches for the kinds of points drawn, and the colour bar. */
function drawCaption(
  img: Uint8Array,
  width: number,
  top: number,
  shown: { step?: number; real: boolean; fake: boolean; heat: boolean },
): void {
  const text: Rgb = [220, 220, 220];
  let x = 4;
  const write = (s: string) => {
    drawText(img, width, x, top, s, text);
    x += textWidth(s) + 8;
  };
  const swatch = (rgb: Rgb) => {
    for (let dy = 1; dy < GLYPH.height - 1; dy++)
      for (let dx = 0; dx < 5; dx++) img.set(rgb, ((top + dy) * width + x + dx) * 3);
    x += 8;
  };
  if (shown.step !== undefined) write(`step ${shown.step}`);
  if (shown.real) {
    swatch(REAL_POINT);
    write('real');
  }
  if (shown.fake) {
    swatch(FAKE_POINT);
    write('generated');
  }
  if (!shown.heat) return;
  // Second line: the heat map's colour bar.
  top += LINE;
  x = 4;
  write('D(x): 0 fake');
  const bar = Math.max(0, Math.min(120, width - x - textWidth('1 real') - 12));
  for (let dx = 0; dx < bar; dx++) {
    const rgb = judgedColor(dx / Math.max(1, bar - 1));
    for (let dy = 0; dy < GLYPH.height; dy++) img.set(rgb, ((top + dy) * width + x + dx) * 3);
  }
  x += bar + 4;
  write('1 real');
}
