// Samples of an image folder: each file decoded, resized and converted by sharp (libvips) on its
// own threads, into the cache as uint8. Runs in the trainer process.
import * as fs from 'fs';
import * as path from 'path';
import type { ImagesData } from '../../experiment/types';
import { listImageFiles } from './imageFiles';
import { DataFileError, type SampleSource } from './sampleSource';

/** sharp's function (its types resolve as an ES module here; require gives the same function). */
type Sharp = (typeof import('sharp'))['default'];
let sharpModule: Sharp | undefined;

/** sharp, loaded on first use (native libvips; its own package falls back to @img/sharp-wasm32). */
function loadSharp(): Sharp {
  if (!sharpModule) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native module, kept out of the bundle
      sharpModule = require('sharp') as Sharp;
      // Each file is decoded once into our own cache: libvips's cache of operations (up to 50 MB)
      // would only hold memory.
      sharpModule.cache(false);
    } catch (err) {
      throw new Error(`the image decoder (sharp) could not load: ${(err as Error).message.split('\n')[0]}`, {
        cause: err,
      });
    }
  }
  return sharpModule;
}

/** #rrggbb as sharp's colour object. */
function colour(hex: string): { r: number; g: number; b: number } {
  const n = parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** Decodes one image file to `width x height x channels` bytes, as the discriminator will see it. */
export async function decodeImage(
  file: string,
  spec: Pick<ImagesData, 'width' | 'height' | 'channels' | 'fit' | 'background'>,
): Promise<Uint8Array> {
  const sharp = loadSharp();
  const background = colour(spec.background);
  let input = sharp(file, { failOn: 'error' });
  if (path.extname(file).toLowerCase() === '.svg') {
    // Vector images are rasterised at the size they will be used, not at 72 dpi and then enlarged.
    const meta = await input.metadata();
    const scale = Math.max(spec.width / (meta.width || spec.width), spec.height / (meta.height || spec.height), 1);
    input = sharp(file, { failOn: 'error', density: Math.min(72 * scale, 2400) });
  }
  let pipeline = input
    .flatten({ background })
    .resize(spec.width, spec.height, { fit: spec.fit, background, position: 'centre' });
  pipeline = spec.channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const want = spec.width * spec.height * spec.channels;
  if (info.channels !== spec.channels || data.length !== want) {
    // sharp keeps one channel for grey images unless told: make the layout exact here.
    return fitChannels(data, info.channels, spec.channels, spec.width * spec.height);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

function fitChannels(data: Buffer, have: number, want: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * want);
  for (let p = 0; p < pixels; p++) {
    if (want === 1)
      out[p] =
        have >= 3
          ? Math.round(0.299 * data[p * have] + 0.587 * data[p * have + 1] + 0.114 * data[p * have + 2])
          : data[p * have];
    else for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * have + (have >= 3 ? c : 0)];
  }
  return out;
}

export function openImageSource(spec: ImagesData, dir: string): SampleSource {
  let files: string[];
  try {
    files = listImageFiles(dir, { recursive: spec.recursive || spec.labels === 'folders', pattern: spec.pattern });
  } catch (err) {
    throw new DataFileError(
      dir,
      `the folder cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (!files.length) throw new DataFileError(dir, 'the folder holds no PNG, JPEG, WebP or SVG images');
  // The cache is keyed by every file's name, size and time: a changed file invalidates it.
  const stats = files.map((f) => {
    try {
      const s = fs.statSync(path.join(dir, f));
      return [f, s.size, s.mtimeMs];
    } catch {
      return [f, -1, 0];
    }
  });
  return {
    count: files.length,
    sampleShape: [spec.height, spec.width, spec.channels],
    sampleSize: spec.height * spec.width * spec.channels,
    storage: 'uint8',
    range: [0, 255],
    describe: (i) => path.join(dir, files[i]),
    // The subfolder of `path` an image is in; images directly in it have none.
    labelOf:
      spec.labels === 'folders' ? (i) => (files[i].includes('/') ? files[i].split('/')[0] : undefined) : undefined,
    decode: (i) => decodeImage(path.join(dir, files[i]), spec),
    cacheKey: {
      source: 'images',
      dir,
      width: spec.width,
      height: spec.height,
      channels: spec.channels,
      fit: spec.fit,
      background: spec.background,
      files: stats,
    },
    close: () => undefined,
  };
}
