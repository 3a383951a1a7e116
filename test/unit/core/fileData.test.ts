import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { openFileDataset } from '../../../src/core/data/fileDataset';
import type { Dataset } from '../../../src/core/data/dataset';
import { decodeImage } from '../../../src/core/data/files/imageSource';
import { encodePng } from '../../../src/core/render/png';
import type { FileDataSpec } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { SeededRandom } from '../../../src/core/random';
import { tempDir } from '../../helpers/cli';
import { writeIdx, writeNpy, writeText } from '../../helpers/dataFiles';
import { tinyExperiment } from '../../helpers/experiments';

// The schema's defaults, as validation fills them, for specs written here by hand.
const images = (o: Record<string, unknown>) =>
  ({
    source: 'images',
    recursive: false,
    channels: 3,
    fit: 'cover',
    background: '#000000',
    flip: false,
    onError: 'skip',
    ...o,
  }) as FileDataSpec;
const csv = (o: Record<string, unknown>) => ({ source: 'csv', header: true, delimiter: ',', ...o }) as FileDataSpec;
const idx = (o: Record<string, unknown>) => ({ source: 'idx', flatten: false, ...o }) as FileDataSpec;

async function open(spec: FileDataSpec, baseDir: string, seed = 1): Promise<Dataset> {
  return openFileDataset(spec, new SeededRandom(seed), { baseDir, cacheRoot: path.join(baseDir, '.cache') });
}

/** Every sample once (one epoch), in the dataset's order. */
async function epoch(d: Dataset, n = d.size!): Promise<Float32Array[]> {
  await d.prefetch?.(n);
  const out = new Float32Array(n * d.sampleSize);
  d.sampleBatch(n, out);
  return Array.from({ length: n }, (_, i) => out.slice(i * d.sampleSize, (i + 1) * d.sampleSize));
}

const sorted = (samples: Float32Array[]) =>
  samples.map((s) => Array.from(s, (v) => Math.round(v * 1e4) / 1e4)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

async function sharp() {
  return (await import('sharp')).default;
}

describe('file data: NPY', () => {
  const dir = tempDir();

  for (const [descr, values, expected] of [
    ['<f4', [0, 0.5, 1, 2], [-1, -0.5, 0, 1]], // floats: their range measured once (0..2)
    ['>f4', [0, 0.5, 1, 2], [-1, -0.5, 0, 1]],
    ['<f8', [0, 0.5, 1, 2], [-1, -0.5, 0, 1]],
    ['|u1', [0, 255, 51, 204], [-1, 1, -0.6, 0.6]], // 8-bit: by the type's range
    ['>i2', [-32768, 32767, 0, -1], [-1, 1, 1 / 65535, -1 / 65535]],
  ] as Array<[string, number[], number[]]>) {
    it(`reads ${descr} values at their offsets and scales them to [-1, 1]`, async () => {
      writeNpy(path.join(dir, `${descr.replace(/\W/g, '_')}.npy`), descr, [4, 1], values);
      const d = await open({ source: 'npy', path: `${descr.replace(/\W/g, '_')}.npy` } as FileDataSpec, dir);
      assert.deepStrictEqual(d.sampleShape, [1]);
      const got = (await epoch(d)).map((s) => s[0]).sort((a, b) => a - b);
      for (const [i, v] of [...expected].sort((a, b) => a - b).entries())
        assert.ok(Math.abs(got[i] - v) < 1e-4, `${got} vs ${expected}`);
      d.dispose?.();
    });
  }

  it('takes a declared range, and a [N, h, w] array as one-channel images', async () => {
    writeNpy(path.join(dir, 'imgs.npy'), '<f4', [2, 2, 3], [0, 1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 0]);
    const d = await open({ source: 'npy', path: 'imgs.npy', range: [0, 10] } as FileDataSpec, dir);
    assert.deepStrictEqual(d.sampleShape, [2, 3, 1]);
    assert.deepStrictEqual(sorted(await epoch(d))[0], [-1, -0.8, -0.6, -0.4, -0.2, 0]);
  });

  it('says what is wrong with a Fortran-order, truncated or foreign file, naming it', async () => {
    writeNpy(path.join(dir, 'fortran.npy'), '<f4', [2, 2], [1, 2, 3, 4], true);
    await assert.rejects(
      open({ source: 'npy', path: 'fortran.npy' } as FileDataSpec, dir),
      /fortran\.npy: .*Fortran order.*C order/,
    );
    const whole = writeNpy(path.join(dir, 'cut.npy'), '<f4', [100, 2], Array(200).fill(1));
    fs.truncateSync(whole, fs.statSync(whole).size - 8);
    await assert.rejects(open({ source: 'npy', path: 'cut.npy' } as FileDataSpec, dir), /cut\.npy: it is truncated/);
    writeText(path.join(dir, 'text.npy'), 'hello');
    await assert.rejects(
      open({ source: 'npy', path: 'text.npy' } as FileDataSpec, dir),
      /text\.npy: it is not a NumPy \.npy file/,
    );
  });
});

// Archives written by NumPy 2.4 itself (test/unit/core/fixtures):
//   two-arrays.npz            np.savez(f, x=arange(30, float32).reshape(5, 2, 3), y=arange(5, uint8))
//   images-compressed.npz     np.savez_compressed(f, default_rng(7).integers(0, 256, (600, 8, 8), uint8))
//   bigendian-compressed.npz  np.savez_compressed(f, points=(arange(1200, '>f8') / 10).reshape(300, 4))
//   fortran.npz               np.savez(f, a=asfortranarray(arange(12, float32).reshape(4, 3)))
describe('file data: NPZ', () => {
  const fixtures = path.join(__dirname, 'fixtures');
  const dir = tempDir();
  const copy = (name: string) => {
    fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
    return name;
  };

  it('reads the named array of an uncompressed archive in place, its range measured', async () => {
    const d = await open({ source: 'npy', path: copy('two-arrays.npz'), array: 'x' } as FileDataSpec, dir);
    assert.deepStrictEqual(d.sampleShape, [2, 3, 1], 'a [2, 3] sample is a one-channel image');
    assert.strictEqual(d.size, 5);
    const got = sorted(await epoch(d));
    // arange(30) over 0..29: sample k starts at 6k, mapped to 6k / 29 * 2 - 1.
    assert.deepStrictEqual(
      got.map((s) => s[0]),
      [0, 6, 12, 18, 24].map((v) => Math.round((v / 14.5 - 1) * 1e4) / 1e4),
    );
    d.dispose?.();
  });

  it('inflates a compressed archive once into the cache, uint8 by its range, byte for byte', async () => {
    const d = await open({ source: 'npy', path: copy('images-compressed.npz') } as FileDataSpec, dir);
    assert.deepStrictEqual(d.sampleShape, [8, 8, 1]);
    assert.strictEqual(d.size, 600);
    const samples = await epoch(d);
    const bytes = samples.map((s) => Array.from(s, (v) => Math.round((v + 1) * 127.5)));
    // The sums NumPy gives for the archive's array: a wrong offset or a lost chunk changes them.
    const all = bytes.flat();
    assert.strictEqual(
      all.reduce((a, b) => a + b, 0),
      4902466,
    );
    assert.strictEqual(
      all.reduce((a, b) => a + b * b, 0),
      835248104,
    );
    const sums = bytes.map((b) => b.reduce((x, y) => x + y, 0)).sort((a, b) => a - b);
    assert.deepStrictEqual(sums.slice(0, 3), [6406, 6609, 6620]);
    d.dispose?.();
    // The same bytes as the stored file holds: checked against an uncompressed read of its member.
    const again = await open({ source: 'npy', path: 'images-compressed.npz' } as FileDataSpec, dir);
    assert.deepStrictEqual(sorted(await epoch(again)), sorted(samples), 'a second open reads the cache');
    again.dispose?.();
  });

  it('reads big-endian float64 from a compressed archive', async () => {
    const d = await open(
      { source: 'npy', path: copy('bigendian-compressed.npz'), range: [0, 119.9] } as FileDataSpec,
      dir,
    );
    assert.deepStrictEqual(d.sampleShape, [4]);
    const first = sorted(await epoch(d))[0];
    assert.deepStrictEqual(
      first,
      [0, 0.1, 0.2, 0.3].map((v) => Math.round(((v / 119.9) * 2 - 1) * 1e4) / 1e4),
    );
    d.dispose?.();
  });

  it('says which arrays an archive holds when "array" is missing or wrong, and refuses Fortran order', async () => {
    copy('two-arrays.npz');
    await assert.rejects(
      open({ source: 'npy', path: 'two-arrays.npz' } as FileDataSpec, dir),
      /two-arrays\.npz: it holds 2 arrays \(x, y\): set "array" to the one to train on/,
    );
    await assert.rejects(
      open({ source: 'npy', path: 'two-arrays.npz', array: 'z' } as FileDataSpec, dir),
      /two-arrays\.npz: it holds no array named "z" \(it holds x, y\)/,
    );
    await assert.rejects(
      open({ source: 'npy', path: copy('fortran.npz') } as FileDataSpec, dir),
      /fortran\.npz: .*Fortran order/,
    );
  });

  it('names a truncated archive', async () => {
    const whole = fs.readFileSync(path.join(fixtures, 'images-compressed.npz'));
    fs.writeFileSync(path.join(dir, 'cut.npz'), whole.subarray(0, 20_000));
    await assert.rejects(
      open({ source: 'npy', path: 'cut.npz' } as FileDataSpec, dir),
      /cut\.npz: it is not a complete \.npz archive/,
    );
  });
});

describe('file data: IDX', () => {
  const dir = tempDir();
  const pixels = Array.from({ length: 5 * 2 * 2 }, (_, i) => (i * 13) % 256);

  it('reads the same samples from a raw and a gzipped file, as [rows, cols, 1]', async () => {
    writeIdx(path.join(dir, 'raw-idx3-ubyte'), [5, 2, 2], pixels);
    writeIdx(path.join(dir, 'gz-idx3-ubyte.gz'), [5, 2, 2], pixels, true);
    const raw = await open(idx({ path: 'raw-idx3-ubyte' }), dir);
    const gz = await open(idx({ path: 'gz-idx3-ubyte.gz' }), dir);
    assert.deepStrictEqual(raw.sampleShape, [2, 2, 1]);
    assert.deepStrictEqual(gz.sampleShape, [2, 2, 1]);
    assert.deepStrictEqual(sorted(await epoch(gz)), sorted(await epoch(raw)));
    const flat = await open(idx({ path: 'raw-idx3-ubyte', flatten: true }), dir);
    assert.deepStrictEqual(flat.sampleShape, [4]);
  });

  it('keeps only the classes asked for, by its labels file', async () => {
    writeIdx(path.join(dir, 'labels-idx1-ubyte.gz'), [5], [7, 1, 7, 3, 7], true);
    const d = await open(idx({ path: 'gz-idx3-ubyte.gz', labels: 'labels-idx1-ubyte.gz', classes: [7] }), dir);
    assert.strictEqual(d.size, 3);
    const firstPixels = (await epoch(d)).map((s) => Math.round(((s[0] + 1) / 2) * 255)).sort((a, b) => a - b);
    assert.deepStrictEqual(firstPixels, [0, 104, 208], 'samples 0, 2 and 4');
  });

  it('gives the classifier of the image metrics every sample with its class, the kept ones named', async () => {
    writeIdx(path.join(dir, 'labels-idx1-ubyte.gz'), [5], [7, 1, 7, 3, 7], true);
    const d = await open(
      idx({ path: 'gz-idx3-ubyte.gz', labels: 'labels-idx1-ubyte.gz', classes: [7], flatten: true }),
      dir,
    );
    const l = await d.labelled!();
    assert.deepStrictEqual(l.classNames, ['1', '3', '7']);
    assert.deepStrictEqual(Array.from(l.labels), [2, 0, 2, 1, 2], 'all five, the left-out classes too');
    assert.deepStrictEqual(l.keptClasses, [2]);
    assert.deepStrictEqual(l.imageShape, [2, 2, 1], 'a flattened square image is an image again');
    const expected = pixels.map((v) => (v / 255) * 2 - 1);
    l.samples.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `value ${i}: ${v}`));
    assert.strictEqual(
      (await open(idx({ path: 'gz-idx3-ubyte.gz' }), dir)).labelled,
      undefined,
      'no labels, no classes',
    );
  });

  it('names a truncated or foreign file', async () => {
    const f = writeIdx(path.join(dir, 'short-idx3-ubyte'), [5, 2, 2], pixels);
    fs.truncateSync(f, 20);
    await assert.rejects(open(idx({ path: 'short-idx3-ubyte' }), dir), /short-idx3-ubyte: it is truncated/);
    const g = writeIdx(path.join(dir, 'short.gz'), [5, 2, 2], pixels, true);
    fs.writeFileSync(g, fs.readFileSync(g).subarray(0, 30));
    await assert.rejects(open(idx({ path: 'short.gz' }), dir), /short\.gz: /);
    writeText(path.join(dir, 'notidx'), 'PK\u0003\u0004zip');
    await assert.rejects(open(idx({ path: 'notidx' }), dir), /notidx: it is not an IDX file/);
  });
});

describe('file data: CSV', () => {
  const dir = tempDir();

  it('reads the chosen columns by name or index, with and without a header', async () => {
    writeText(path.join(dir, 'table.csv'), 'x,label,y\n0,a,10\n1,b,20\n2,c,30\n');
    const byName = await open(csv({ path: 'table.csv', columns: ['y', 'x'] }), dir);
    assert.deepStrictEqual(byName.sampleShape, [2]);
    // Each column by its own measured range: y 10..30, x 0..2.
    assert.deepStrictEqual(sorted(await epoch(byName)), [
      [-1, -1],
      [0, 0],
      [1, 1],
    ]);
    writeText(path.join(dir, 'bare.csv'), '1;4\n2;5\n3;6');
    const byIndex = await open(csv({ path: 'bare.csv', header: false, delimiter: ';', columns: [1] }), dir);
    assert.deepStrictEqual(sorted(await epoch(byIndex)), [[-1], [0], [1]]);
  });

  it('names the file and row of a value that is not a number', async () => {
    writeText(path.join(dir, 'dirty.csv'), 'a,b\n1,2\n3,oops\n');
    await assert.rejects(
      open(csv({ path: 'dirty.csv' }), dir),
      /dirty\.csv: row 3, column 1 holds "oops", not a number/,
    );
  });
});

describe('file data: image folders', function () {
  this.timeout(30_000);
  const dir = tempDir();

  before(async () => {
    const s = await sharp();
    fs.mkdirSync(path.join(dir, 'mixed', 'sub'), { recursive: true });
    await s({ create: { width: 7, height: 5, channels: 3, background: { r: 255, g: 0, b: 0 } } })
      .png()
      .toFile(path.join(dir, 'mixed', 'red.png'));
    await s({ create: { width: 9, height: 11, channels: 3, background: { r: 0, g: 0, b: 255 } } })
      .jpeg({ quality: 95 })
      .toFile(path.join(dir, 'mixed', 'blue.jpg'));
    await s({ create: { width: 6, height: 6, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .greyscale()
      .webp({ lossless: true })
      .toFile(path.join(dir, 'mixed', 'grey.webp'));
    await s({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 255, b: 0, alpha: 0 } } })
      .png()
      .toFile(path.join(dir, 'mixed', 'sub', 'clear.png'));
    fs.writeFileSync(
      path.join(dir, 'mixed', 'green.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="36" viewBox="0 0 36 36"><rect width="36" height="36" fill="#00ff00"/></svg>',
    );
  });

  it('decodes PNG, JPEG, WebP and SVG of odd sizes to the size, channels and colours asked for', async () => {
    const spec = { width: 4, height: 3, channels: 3 as const, fit: 'fill' as const, background: '#ffffff' };
    const px = (b: Uint8Array) => Array.from(b.subarray(0, 3));
    assert.deepStrictEqual(px(await decodeImage(path.join(dir, 'mixed', 'red.png'), spec)), [255, 0, 0]);
    const blue = px(await decodeImage(path.join(dir, 'mixed', 'blue.jpg'), spec));
    assert.ok(blue[2] > 240 && blue[0] < 15, `blue: ${blue}`);
    assert.deepStrictEqual(
      px(await decodeImage(path.join(dir, 'mixed', 'grey.webp'), spec)),
      [128, 128, 128],
      'grey made RGB',
    );
    assert.deepStrictEqual(
      px(await decodeImage(path.join(dir, 'mixed', 'green.svg'), spec)),
      [0, 255, 0],
      'SVG rasterised',
    );
    assert.deepStrictEqual(
      px(await decodeImage(path.join(dir, 'mixed', 'sub', 'clear.png'), spec)),
      [255, 255, 255],
      'transparency on the background',
    );
    const grey = await decodeImage(path.join(dir, 'mixed', 'red.png'), { ...spec, channels: 1 });
    assert.strictEqual(grey.length, 12, 'one channel');
    assert.ok(grey[0] > 30 && grey[0] < 200 && grey.every((v) => v === grey[0]), `red as grey: ${grey}`);
  });

  it('reads a folder (subfolders when asked, a glob), as [height, width, channels] in [-1, 1]', async () => {
    const flat = await open(images({ path: 'mixed', width: 4, height: 3 }), dir);
    assert.deepStrictEqual([flat.size, flat.sampleShape], [4, [3, 4, 3]]);
    const all = await open(images({ path: 'mixed', width: 4, height: 3, recursive: true }), dir);
    assert.strictEqual(all.size, 5);
    const pngs = await open(images({ path: 'mixed', width: 4, height: 3, recursive: true, pattern: '*.png' }), dir);
    assert.strictEqual(pngs.size, 2);
    const values = (await epoch(pngs)).flatMap((s) => Array.from(s));
    assert.ok(values.every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6));
    assert.ok(Math.max(...values) > 0.999 && Math.min(...values) < -0.999, '0 and 255 map to -1 and 1');
  });

  it('reads classes from subfolders with labels "folders", for the image metrics', async () => {
    const root = path.join(dir, 'classes');
    const write = (rel: string, value: number) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), encodePng(2, 2, 1, new Uint8Array(4).fill(value)));
    };
    write('dog/a.png', 255);
    write('cat/b.png', 0);
    write('cat/c.png', 0);
    write('loose.png', 128); // directly in the folder: no class
    fs.writeFileSync(path.join(root, 'cat', 'broken.png'), 'not a png');
    const d = await open(images({ path: 'classes', width: 2, height: 2, channels: 1, labels: 'folders' }), dir);
    assert.strictEqual(d.size, 5, 'subfolders are read');
    const l = await d.labelled!();
    assert.deepStrictEqual(l.classNames, ['cat', 'dog']);
    assert.deepStrictEqual(Array.from(l.labels).sort(), [0, 0, 1], 'the loose and the broken image have none');
    assert.deepStrictEqual(l.imageShape, [2, 2, 1]);
    // Each sample as its class was drawn: cats black (-1), the dog white (1).
    l.labels.forEach((label, k) => assert.ok(Math.abs(l.samples[k * 4] - (label === 0 ? -1 : 1)) < 1e-6));
    assert.strictEqual((await open(images({ path: 'classes', width: 2, height: 2 }), dir)).labelled, undefined);
  });

  it('skips a corrupt file and counts it, or stops naming it, as onError says', async () => {
    fs.mkdirSync(path.join(dir, 'some-bad'));
    for (const f of ['red.png', 'blue.jpg']) fs.copyFileSync(path.join(dir, 'mixed', f), path.join(dir, 'some-bad', f));
    fs.writeFileSync(
      path.join(dir, 'some-bad', 'broken.png'),
      fs.readFileSync(path.join(dir, 'mixed', 'red.png')).subarray(0, 30),
    );
    const skip = await open(images({ path: 'some-bad', width: 4, height: 3 }), dir);
    await epoch(skip, 3);
    assert.strictEqual(skip.health?.skipped, 1);
    assert.match(skip.health!.skippedExamples[0], /some-bad[/\\]broken\.png: /);
    await assert.rejects(
      (async () => epoch(await open(images({ path: 'some-bad', width: 5, height: 5, onError: 'stop' }), dir), 3))(),
      /some-bad[/\\]broken\.png: it cannot be decoded .*"onError": "skip"/,
    );
  });

  it('decodes once: a second run reads the cache, and a changed file is decoded again', async () => {
    fs.mkdirSync(path.join(dir, 'cached'));
    for (const f of ['red.png', 'blue.jpg']) fs.copyFileSync(path.join(dir, 'mixed', f), path.join(dir, 'cached', f));
    const spec = images({ path: 'cached', width: 4, height: 3 });
    const first = await open(spec, dir);
    const a = await epoch(first);
    first.dispose?.();
    const cacheDirs = fs.readdirSync(path.join(dir, '.cache'));
    const samplesFile = (d: string) => path.join(dir, '.cache', d, 'samples.bin');
    const stamp = cacheDirs.map((d) => fs.statSync(samplesFile(d)).mtimeMs);
    const second = await open(spec, dir);
    assert.deepStrictEqual(sorted(await epoch(second)), sorted(a));
    assert.deepStrictEqual(
      cacheDirs.map((d) => fs.statSync(samplesFile(d)).mtimeMs),
      stamp,
      'nothing was written again',
    );
    fs.copyFileSync(path.join(dir, 'mixed', 'grey.webp'), path.join(dir, 'cached', 'red.png')); // same name, new content
    const third = await open(spec, dir);
    assert.notDeepStrictEqual(sorted(await epoch(third)), sorted(a));
    assert.strictEqual(
      fs.readdirSync(path.join(dir, '.cache')).length,
      cacheDirs.length + 1,
      'a new cache for the new files',
    );
  });

  it('ends cleanly while decodes started ahead are still running (a run that stops or finishes)', async () => {
    const s = await sharp();
    fs.mkdirSync(path.join(dir, 'ahead'));
    for (let i = 0; i < 8; i++) {
      await s({ create: { width: 40, height: 40, channels: 3, background: { r: 30 * i, g: 9, b: 9 } } })
        .png()
        .toFile(path.join(dir, 'ahead', `a${i}.png`));
    }
    const problems: unknown[] = [];
    const record = (e: unknown) => problems.push(e);
    process.prependListener('unhandledRejection', record);
    try {
      const d = await open(images({ path: 'ahead', width: 16, height: 16 }), dir, 9);
      await d.prefetch!(1); // the next samples are now decoding, unawaited
      d.dispose?.();
      await new Promise((r) => setTimeout(r, 500)); // their results arrive at a closed cache
    } finally {
      process.removeListener('unhandledRejection', record);
    }
    assert.deepStrictEqual(problems.map(String), []);
  });

  it('repeats its order under a seed, epoch after epoch, and flips only when asked', async () => {
    // Images whose left and right differ, so a flip shows.
    const s = await sharp();
    fs.mkdirSync(path.join(dir, 'halves'));
    for (let i = 0; i < 6; i++) {
      const left = s({ create: { width: 2, height: 3, channels: 3, background: { r: 40 * i, g: 0, b: 0 } } }).png();
      await s({ create: { width: 4, height: 3, channels: 3, background: { r: 0, g: 0, b: 255 } } })
        .composite([{ input: await left.toBuffer(), left: 0, top: 0 }])
        .png()
        .toFile(path.join(dir, 'halves', `h${i}.png`));
    }
    const spec = images({ path: 'halves', width: 4, height: 3 });
    const run = async (seed: number, s = spec) => {
      const d = await open(s, dir, seed);
      const out: number[] = [];
      for (let e = 0; e < 3; e++) out.push(...(await epoch(d)).map((x) => x[0] + x[1] * 3 + x[5] * 7));
      return out;
    };
    assert.deepStrictEqual(await run(5), await run(5));
    assert.notDeepStrictEqual(await run(5), await run(6));
    const flipped = await run(5, images({ path: 'halves', width: 4, height: 3, flip: true }));
    assert.notDeepStrictEqual(flipped, await run(5));
  });
});

describe('file data, checked as the editor types', () => {
  const dir = tempDir();
  const check = (data: Record<string, unknown>, generatorUnits = 16) => {
    const text = JSON.stringify(
      tinyExperiment({ data, generator: { layers: [{ type: 'dense', units: generatorUnits }] } }),
      null,
      2,
    );
    const r = validateExperimentText(text, { baseDir: dir });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    return {
      r,
      text,
      errors: errors.filter((d) => d.code === 'data-file'),
      shapeErrors: errors.filter((d) => d.code === 'generator-output'),
    };
  };

  it("puts a missing path, an empty folder or a file of the wrong kind at the path's range", () => {
    const missing = check({ source: 'images', path: 'nowhere', width: 4, height: 4, channels: 1 });
    assert.strictEqual(missing.errors.length, 1);
    assert.strictEqual(missing.errors[0].jsonPath, '$.data.path');
    assert.strictEqual(
      missing.text.slice(missing.errors[0].offset, missing.errors[0].offset + missing.errors[0].length),
      '"nowhere"',
    );
    assert.match(
      missing.errors[0].message,
      /"nowhere" does not exist \(looked for .*nowhere\); paths are relative to the experiment file's folder/,
    );
    fs.mkdirSync(path.join(dir, 'empty'));
    assert.match(
      check({ source: 'images', path: 'empty', width: 8, height: 8 }).errors[0].message,
      /holds no .*images.*set "recursive": true/,
    );
    writeText(path.join(dir, 'a.csv'), 'x\n1\n');
    assert.match(
      check({ source: 'images', path: 'a.csv', width: 8, height: 8 }).errors[0].message,
      /a\.csv is a file; "images" reads a folder/,
    );
    assert.match(check({ source: 'npy', path: 'empty' }).errors[0].message, /empty is a folder; "npy" reads one file/);
  });

  it('asks for class subfolders when labels are "folders", at the labels field', () => {
    fs.mkdirSync(path.join(dir, 'flat'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'flat', 'one.png'), encodePng(1, 1, 1, new Uint8Array(1)));
    const r = check({ source: 'images', path: 'flat', width: 4, height: 4, labels: 'folders' });
    assert.strictEqual(r.errors.length, 1);
    assert.strictEqual(r.errors[0].jsonPath, '$.data.labels');
    assert.match(r.errors[0].message, /has no subfolders: with "labels": "folders" each class is a subfolder/);
    const bad = validateExperimentText(
      JSON.stringify(
        tinyExperiment({ data: { source: 'images', path: 'flat', width: 4, height: 4, labels: 'files' } }),
      ),
      { baseDir: dir },
    );
    assert.ok(
      bad.diagnostics.some((d) => d.severity === 'error' && d.jsonPath === '$.data.labels'),
      'only "folders"',
    );
  });

  it("takes the sample shape from the file's header, so the generator is checked against it", () => {
    writeNpy(path.join(dir, 'vectors.npy'), '<f4', [3, 5], Array(15).fill(0));
    const wrong = check({ source: 'npy', path: 'vectors.npy' }, 16);
    assert.deepStrictEqual(wrong.r.shapes?.dataShape, [5]);
    assert.match(
      wrong.shapeErrors[0].message,
      /The generator outputs \[16\] but the data's samples are \[5\]: set the last layer's units to 5/,
    );
    assert.deepStrictEqual(check({ source: 'npy', path: 'vectors.npy' }, 5).shapeErrors, []);
    writeNpy(path.join(dir, 'scalar.npy'), '<f4', [], [1]);
    assert.match(
      check({ source: 'npy', path: 'scalar.npy' }).errors[0].message,
      /holds a single value, not an array of samples/,
    );
  });

  it('reads an .npz archive\'s sample shape, and puts a wrong array name at "array"', () => {
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'two-arrays.npz'), path.join(dir, 'two.npz'));
    assert.deepStrictEqual(check({ source: 'npy', path: 'two.npz', array: 'y' }, 1).shapeErrors, []);
    const several = check({ source: 'npy', path: 'two.npz' }, 1).errors[0];
    assert.match(several.message, /holds 2 arrays \(x, y\): set "array"/);
    assert.strictEqual(several.path.join('.'), 'data.path');
    const wrong = check({ source: 'npy', path: 'two.npz', array: 'z' }, 1).errors[0];
    assert.match(wrong.message, /no array named "z"/);
    assert.strictEqual(wrong.path.join('.'), 'data.array');
    const mismatch = check({ source: 'npy', path: 'two.npz', array: 'x' }, 16).shapeErrors;
    assert.strictEqual(mismatch.length, 1, 'the [2, 3] samples of x are checked against the generator');
  });

  it('points at the column that does not exist, and at classes without labels', () => {
    writeText(path.join(dir, 't.csv'), 'x,y\n1,2\n');
    const c = check({ source: 'csv', path: 't.csv', columns: ['x', 'z'] });
    assert.strictEqual(c.errors[0].jsonPath, '$.data.columns[1]');
    assert.match(c.errors[0].message, /no column is named "z"; the header names "x", "y"/);
    writeIdx(path.join(dir, 'i'), [2, 2, 2], Array(8).fill(0));
    const l = check({ source: 'idx', path: 'i', classes: [3] });
    assert.strictEqual(l.errors[0].jsonPath, '$.data.classes');
    writeIdx(path.join(dir, 'l'), [3], [0, 1, 2]);
    assert.match(check({ source: 'idx', path: 'i', labels: 'l' }).errors[0].message, /has 3 labels for the 2 samples/);
  });

  it("reads nothing without the experiment's folder (an untrusted workspace): no error, shape unknown", () => {
    const text = JSON.stringify(tinyExperiment({ data: { source: 'npy', path: 'nowhere.npy' } }));
    const r = validateExperimentText(text);
    assert.deepStrictEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.strictEqual(r.shapes?.dataShape, undefined);
  });
});
