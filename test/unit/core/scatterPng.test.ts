import * as assert from 'assert';
import sharp from 'sharp';
import { FONT_CHARACTERS } from '../../../src/core/render/pixelFont';
import { FAKE_POINT, judgedColor, REAL_POINT } from '../../../src/core/render/pointColors';
import { HEATMAP_SIZE, scatterPng } from '../../../src/core/render/samplePlots';

const bounds = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) =>
    Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
  return { info, at, data };
}

describe('the 2-D preview picture', () => {
  it('draws a real point over a generated one at the same place', async () => {
    const { at } = await pixels(scatterPng([0, 0], [0, 0], bounds, undefined, 101));
    assert.deepStrictEqual(at(50, 50), REAL_POINT);
  });

  it('colours the heat map as the dashboard does, and writes its step and legend under it', async () => {
    const heat = new Array(HEATMAP_SIZE * HEATMAP_SIZE).fill(1);
    const png = scatterPng([0.5, 0.5], [-0.5, -0.5], bounds, heat, 320, 4200);
    const { info, at, data } = await pixels(png);
    assert.strictEqual(info.width, 320);
    assert.ok(info.height > 320, 'a caption under the plot');
    assert.deepStrictEqual(at(5, 5), judgedColor(1));
    const caption = data.subarray(320 * 320 * 3);
    const has = (rgb: number[]) => {
      for (let i = 0; i < caption.length; i += 3)
        if (caption[i] === rgb[0] && caption[i + 1] === rgb[1] && caption[i + 2] === rgb[2]) return true;
      return false;
    };
    assert.ok(has([220, 220, 220]), 'text');
    assert.ok(has(FAKE_POINT), "the generated points' swatch");
    assert.ok(has(judgedColor(0)) && has(judgedColor(1)), 'the colour bar from fake to real');
  });

  it('writes its captions in characters the font has', () => {
    for (const ch of 'step 0123456789 real generated D(x): 0 fake 1 real') assert.ok(FONT_CHARACTERS.has(ch), ch);
  });
});
