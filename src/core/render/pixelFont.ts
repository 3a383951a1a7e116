// A 5 x 7 pixel font for the few words the saved previews carry (their step and legend), so a PNG
// of a 2-D run says what it shows without a text renderer. Pure.
import type { Rgb } from './pointColors';

// Each glyph: 7 rows of 5 columns, '#' lit.
const GLYPHS: Record<string, string> = {
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  a: '..... ..... .###. ....# .#### #...# .####',
  d: '....# ....# .##.# #..## #...# #...# .####',
  e: '..... ..... .###. #...# ##### #.... .###.',
  f: '..##. .#..# .#... ###.. .#... .#... .#...',
  g: '..... ..... .#### #...# .#### ....# .###.',
  k: '#.... #.... #..#. #.#.. ##... #.#.. #..#.',
  l: '.##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  n: '..... ..... #.##. ##..# #...# #...# #...#',
  p: '..... ..... ####. #...# ####. #.... #....',
  r: '..... ..... #.##. ##..# #.... #.... #....',
  s: '..... ..... .#### #.... .###. ....# ####.',
  t: '.#... .#... ###.. .#... .#... .#..# ..##.',
  x: '..... ..... #...# .#.#. ..#.. .#.#. #...#',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  ' ': '..... ..... ..... ..... ..... ..... .....',
};

export const GLYPH = { width: 5, height: 7, advance: 6 };

/** How wide `text` is drawn, in pixels. */
export const textWidth = (text: string) => Math.max(0, text.length * GLYPH.advance - 1);

/**
 * Draws `text` into an RGB image `width` pixels wide with its top left at (x, y); characters the
 * font lacks are left as gaps (the captions use only what it has).
 */
export function drawText(img: Uint8Array, width: number, x: number, y: number, text: string, rgb: Rgb): void {
  const height = img.length / 3 / width;
  [...text].forEach((ch, k) => {
    const rows = GLYPHS[ch]?.split(' ');
    if (!rows) return;
    rows.forEach((row, dy) => {
      for (let dx = 0; dx < GLYPH.width; dx++) {
        const px = x + k * GLYPH.advance + dx;
        const py = y + dy;
        if (row[dx] === '#' && px >= 0 && py >= 0 && px < width && py < height) img.set(rgb, (py * width + px) * 3);
      }
    });
  });
}

/** Every character the font draws (the tests check the captions use no other). */
export const FONT_CHARACTERS = new Set(Object.keys(GLYPHS));
