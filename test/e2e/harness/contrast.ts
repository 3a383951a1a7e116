// How readable a chart's drawing is against the page behind it: the WCAG contrast ratio between the
// background and the drawn pixel that stands out most from it. Runs in Node on pixels read from a
// webview's canvas (a theme that left the axes in the old theme's colours reads about 1.5; text
// that reads well, 4.5 and more).
import type { Frame } from 'playwright-core';

type Rgb = [number, number, number];

/** WCAG 2 relative luminance of an sRGB colour with 0-255 channels. */
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A CSS colour as VS Code writes its theme's: `#rgb`, `#rrggbb(aa)` or `rgb(r, g, b)`. */
function parseColour(css: string): Rgb {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(css)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = css.match(/\d+(\.\d+)?/g);
  if (!rgb || rgb.length < 3) throw new Error(`not a colour: "${css}"`);
  return rgb.slice(0, 3).map(Number) as Rgb;
}

/**
 * The contrast of the strongest pixel in a box of the first canvas under `selector` (canvas pixels)
 * against the page's background, the canvas being transparent where it draws nothing.
 */
export async function canvasContrast(
  frame: Frame,
  selector: string,
  box: { x: number; y: number; width: number; height: number },
): Promise<number> {
  const { pixels, background } = await frame.evaluate(
    ({ selector, box }) => {
      // The webview's document (this file is type-checked without the DOM's types).
      const page = globalThis as unknown as {
        document: { querySelector(s: string): unknown; documentElement: unknown };
        getComputedStyle(e: unknown): { getPropertyValue(name: string): string };
      };
      const canvas = page.document.querySelector(selector) as {
        getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const data = canvas.getContext('2d').getImageData(box.x, box.y, box.width, box.height).data;
      // The body is transparent: behind it is the panel, in the editor's background colour.
      const background = page
        .getComputedStyle(page.document.documentElement)
        .getPropertyValue('--vscode-editor-background');
      return { pixels: Array.from(data), background: background.trim() };
    },
    { selector, box },
  );
  const bg = parseColour(background);
  let best = 1;
  for (let i = 0; i < pixels.length; i += 4) {
    const a = pixels[i + 3] / 255;
    if (a === 0) continue;
    // What the eye sees: the pixel over the page's background.
    const seen = [0, 1, 2].map((c) => a * pixels[i + c] + (1 - a) * bg[c]) as Rgb;
    best = Math.max(best, contrastRatio(seen, bg));
  }
  return best;
}
