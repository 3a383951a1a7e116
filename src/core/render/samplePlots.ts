// Draws sample previews into pixels: a grid of generated images, or real and generated 2-D points
// over the discriminator's heat map (as GAN Lab shows them). Pure.
import { encodePng } from './png';

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

/**
 * A scatter plot PNG: the heat map (values in [0, 1], green = looks real to D, purple = fake),
 * real points in grey, generated points in orange.
 */
export function scatterPng(
  real: ArrayLike<number>,
  fake: ArrayLike<number>,
  b: PlotBounds,
  heat?: ArrayLike<number>,
  px = 320,
): Buffer {
  const img = new Uint8Array(px * px * 3);
  for (let y = 0; y < px; y++) {
    for (let x = 0; x < px; x++) {
      const o = (y * px + x) * 3;
      if (heat) {
        const v = heat[Math.floor((y / px) * HEATMAP_SIZE) * HEATMAP_SIZE + Math.floor((x / px) * HEATMAP_SIZE)];
        img[o] = Math.round(60 + 60 * (1 - v));
        img[o + 1] = Math.round(50 + 90 * v);
        img[o + 2] = Math.round(80 + 40 * (1 - v));
      } else {
        img[o] = img[o + 1] = img[o + 2] = 30;
      }
    }
  }
  const dot = (pts: ArrayLike<number>, rgb: [number, number, number], r: number) => {
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
  dot(real, [200, 200, 200], 1);
  dot(fake, [255, 140, 0], 1);
  return encodePng(px, px, 3, img);
}
