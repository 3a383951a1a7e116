// Hand-made data files for the reader tests: NPY of any dtype and byte order, IDX raw or gzipped,
// CSV, and images in every format the images source reads.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** An .npy file (format 1.0) of `values` with the given descr ('<f4', '>i2', '|u1', ...). */
export function writeNpy(file: string, descr: string, shape: number[], values: number[], fortran = false): string {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const m = /^([<>|])([biuf])(\d+)$/.exec(descr)!;
  const bytes = Number(m[3]);
  const le = m[1] !== '>';
  const data = Buffer.alloc(values.length * bytes);
  // Node's Buffer writers by type and byte order, e.g. writeFloatLE.
  const names: Record<string, string> = {
    f4: 'Float',
    f8: 'Double',
    u1: 'UInt8',
    i1: 'Int8',
    u2: 'UInt16',
    i2: 'Int16',
    i4: 'Int32',
  };
  const name = names[`${m[2]}${bytes}`];
  if (!name) throw new Error(`writeNpy: ${descr}`);
  const writer = `write${name}${bytes === 1 ? '' : le ? 'LE' : 'BE'}` as 'writeFloatLE';
  values.forEach((v, i) => data[writer](v, i * bytes));
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), data]));
  return file;
}

/** An IDX file of unsigned bytes (type 0x08) with the given dims, gzipped when `gzip`. */
export function writeIdx(file: string, dims: number[], values: number[] | Uint8Array, gzip = false): string {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  const raw = Buffer.concat([head, Buffer.from(Uint8Array.from(values))]);
  fs.writeFileSync(file, gzip ? zlib.gzipSync(raw) : raw);
  return file;
}

export function writeText(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
