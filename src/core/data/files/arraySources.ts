// Samples of NPY, NPZ and IDX files: read at their offsets straight from the file when it is plain
// (an .npz array stored uncompressed included), or decompressed once into the cache when it is
// gzipped or deflated. Values are scaled to [-1, 1] by their
// type's range, a declared range, or a range measured once. Runs in the trainer process.
import * as fs from 'fs';
import * as zlib from 'zlib';
import type { IdxData, NpyData } from '../../experiment/types';
import type { SampleCache } from '../sampleCache';
import { isGzip, parseIdxHeader, readIdxStart } from './idxFormat';
import { NPY_HEADER_BYTES, parseNpyHeader, type NpyHeader } from './npyFormat';
import { chooseNpzMember, looksLikeNpz, readNpzArrayHeader, readNpzMembers } from './npzFormat';
import { naturalRange, readerFor, toUnitRange, type ElementType } from './numericTypes';
import { sampleShapeOf } from './probeData';
import { DataFileError, type SampleSource } from './sampleSource';

interface ArrayLayout {
  file: string;
  dtype: ElementType;
  dims: number[];
  /** Where the first value is: in the file when plain, else in the decompressed stream. */
  dataOffset: number;
  /** Plain, a gzipped file, or a deflated .npz member (its bytes from `start` to `end`). */
  compression: { kind: 'none' } | { kind: 'gzip' } | { kind: 'deflate'; start: number; end: number };
}

function npyLayout(file: string, array: string | undefined): ArrayLayout {
  const fd = fs.openSync(file, 'r');
  try {
    if (looksLikeNpz(fd)) return npzLayout(file, fd, array);
    const buf = Buffer.alloc(NPY_HEADER_BYTES);
    const got = fs.readSync(fd, buf, 0, buf.length, 0);
    const h = checkedOrder(parseNpyHeader(buf.subarray(0, got)));
    return { file, dtype: h.dtype, dims: h.shape, dataOffset: h.dataOffset, compression: { kind: 'none' } };
  } finally {
    fs.closeSync(fd);
  }
}

function npzLayout(file: string, fd: number, array: string | undefined): ArrayLayout {
  const member = chooseNpzMember(readNpzMembers(fd), array);
  const h = checkedOrder(readNpzArrayHeader(fd, member));
  if (member.method === 'stored')
    return {
      file,
      dtype: h.dtype,
      dims: h.shape,
      dataOffset: member.dataStart + h.dataOffset,
      compression: { kind: 'none' },
    };
  const end = member.dataStart + member.compressedSize - 1;
  return {
    file,
    dtype: h.dtype,
    dims: h.shape,
    dataOffset: h.dataOffset,
    compression: { kind: 'deflate', start: member.dataStart, end },
  };
}

function checkedOrder(h: NpyHeader): NpyHeader {
  if (h.fortranOrder) throw new Error('it is stored in Fortran order; save it in C order (numpy.ascontiguousarray)');
  return h;
}

function idxLayout(file: string): ArrayLayout {
  const { start, gzipped } = readIdxStart(file);
  const h = parseIdxHeader(start, gzipped);
  return {
    file,
    dtype: h.dtype,
    dims: h.dims,
    dataOffset: h.dataOffset,
    compression: { kind: gzipped ? 'gzip' : 'none' },
  };
}

/** Reads the labels of an IDX labels file (one byte each, small: read whole). */
export function readIdxLabels(file: string): Uint8Array {
  let bytes = fs.readFileSync(file);
  if (isGzip(bytes)) bytes = zlib.gunzipSync(bytes);
  const h = parseIdxHeader(bytes, false);
  return new Uint8Array(bytes.buffer, bytes.byteOffset + h.dataOffset, h.dims[0]);
}

/** The min and max over a plain file's values, in chunks (floats with no declared range). */
function measureRange(layout: ArrayLayout, count: number, valuesPerSample: number): [number, number] {
  const read = readerFor(layout.dtype);
  const chunkValues = 1 << 18;
  const buf = Buffer.alloc(chunkValues * layout.dtype.bytes);
  const fd = fs.openSync(layout.file, 'r');
  let lo = Infinity;
  let hi = -Infinity;
  try {
    const total = count * valuesPerSample;
    for (let at = 0; at < total; at += chunkValues) {
      const n = Math.min(chunkValues, total - at);
      fs.readSync(fd, buf, 0, n * layout.dtype.bytes, layout.dataOffset + at * layout.dtype.bytes);
      const view = new DataView(buf.buffer, buf.byteOffset, n * layout.dtype.bytes);
      for (let i = 0; i < n; i++) {
        const v = read(view, i);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new Error('its values are not all finite numbers (NaN or infinity): clean them, or declare "range"');
  return [lo, hi];
}

/** A source over an NPY or IDX array, the first axis counting samples. */
export function openArraySource(spec: NpyData | IdxData, file: string): SampleSource {
  let layout: ArrayLayout;
  try {
    layout = spec.source === 'npy' ? npyLayout(file, spec.array) : idxLayout(file);
  } catch (err) {
    throw new DataFileError(file, (err as Error).message);
  }
  const [count, ...rest] = layout.dims;
  const valuesPerSample = rest.reduce((a, b) => a * b, 1);
  // uint8 (and bool) stay one byte a value in the cache; every other type is stored as float32.
  const eightBit = layout.dtype.bytes === 1 && (layout.dtype.kind === 'uint' || layout.dtype.kind === 'bool');
  const range =
    spec.range ??
    naturalRange(layout.dtype) ??
    (layout.compression.kind !== 'none' ? undefined : measureRange(layout, count, valuesPerSample));
  const read = readerFor(layout.dtype);
  const recordBytes = valuesPerSample * layout.dtype.bytes;
  const shape = sampleShapeOf(rest, spec.source === 'idx' && spec.flatten);
  const base = {
    count,
    sampleShape: shape,
    sampleSize: valuesPerSample,
    describe: (i: number) => `${file} (sample ${i})`,
  };

  if (layout.compression.kind === 'none') {
    const fd = fs.openSync(file, 'r');
    const record = Buffer.alloc(recordBytes);
    const view = new DataView(record.buffer, record.byteOffset, recordBytes);
    const { scale, shift } = toUnitRange(range!);
    const size = fs.fstatSync(fd).size;
    if (size < layout.dataOffset + count * recordBytes) {
      fs.closeSync(fd);
      throw new DataFileError(
        file,
        `it is truncated: its header promises ${layout.dataOffset + count * recordBytes} bytes, the file has ${size}`,
      );
    }
    return {
      ...base,
      storage: 'float32',
      range: [-1, 1],
      readSync(i, out, offset) {
        fs.readSync(fd, record, 0, recordBytes, layout.dataOffset + i * recordBytes);
        for (let k = 0; k < valuesPerSample; k++) out[offset + k] = read(view, k) * scale + shift;
      },
      close: () => fs.closeSync(fd),
    };
  }
  // Compressed: streamed through gunzip or inflate once into the cache (uint8 stays one byte), then
  // read there.
  return {
    ...base,
    storage: eightBit ? 'uint8' : 'float32',
    range,
    cacheKey: { source: spec.source, file, array: spec.source === 'npy' ? spec.array : undefined, stat: statOf(file) },
    async fill(cache: SampleCache) {
      let lo = Infinity;
      let hi = -Infinity;
      const values = new Float32Array(valuesPerSample);
      await streamRecords(layout, recordBytes, count, (i, bytes) => {
        if (eightBit) {
          cache.write(i, new Uint8Array(bytes));
          return;
        }
        const view = new DataView(bytes.buffer, bytes.byteOffset, recordBytes);
        for (let k = 0; k < valuesPerSample; k++) {
          const v = read(view, k);
          values[k] = v;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        cache.write(i, values);
      });
      return { count, range: range ?? [lo, hi] };
    },
    close: () => undefined,
  };
}

const statOf = (file: string) => {
  const s = fs.statSync(file);
  return [s.size, s.mtimeMs];
};

/** Decompresses the layout's file as a stream and hands over each record of `recordBytes`. */
function streamRecords(
  layout: ArrayLayout,
  recordBytes: number,
  count: number,
  onRecord: (i: number, bytes: Buffer) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const { file, compression } = layout;
    let skip = layout.dataOffset;
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    const stream =
      compression.kind === 'deflate'
        ? fs.createReadStream(file, { start: compression.start, end: compression.end }).pipe(zlib.createInflateRaw())
        : fs.createReadStream(file).pipe(zlib.createGunzip());
    stream.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (skip) {
        const n = Math.min(skip, data.length);
        skip -= n;
        data = data.subarray(n);
      }
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      let at = 0;
      while (pending.length - at >= recordBytes && index < count)
        onRecord(index++, pending.subarray(at, (at += recordBytes)));
      pending = Buffer.from(pending.subarray(at));
    });
    stream.on('error', (err) => reject(new DataFileError(file, `it cannot be decompressed: ${err.message}`)));
    stream.on('end', () =>
      index < count
        ? reject(new DataFileError(file, `it is truncated: ${index} of its ${count} samples are there`))
        : resolve(),
    );
  });
}
