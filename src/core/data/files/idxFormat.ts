// The IDX format of MNIST and Fashion-MNIST (train-images-idx3-ubyte, gzipped or not): its header
// from the first bytes. Runs in Node.
import * as fs from 'fs';
import * as zlib from 'zlib';
import type { ElementType } from './numericTypes';

export interface IdxHeader {
  dtype: ElementType;
  /** Sizes of every axis; the first counts the samples. */
  dims: number[];
  /** Byte offset of the first value in the (decompressed) data. */
  dataOffset: number;
  gzipped: boolean;
}

const TYPES: Record<number, ElementType> = {
  0x08: { kind: 'uint', bytes: 1, littleEndian: false },
  0x09: { kind: 'int', bytes: 1, littleEndian: false },
  0x0b: { kind: 'int', bytes: 2, littleEndian: false },
  0x0c: { kind: 'int', bytes: 4, littleEndian: false },
  0x0d: { kind: 'float', bytes: 4, littleEndian: false },
  0x0e: { kind: 'float', bytes: 8, littleEndian: false },
};

export const isGzip = (start: Buffer): boolean => start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;

/** The first `bytes` of the data, decompressed when the file is gzipped (without reading it all). */
export function readIdxStart(file: string, bytes = 4096): { start: Buffer; gzipped: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const raw = Buffer.alloc(Math.max(bytes, 65536));
    const got = fs.readSync(fd, raw, 0, raw.length, 0);
    const head = raw.subarray(0, got);
    if (!isGzip(head)) return { start: head.subarray(0, bytes), gzipped: false };
    // A sync flush decompresses what the first bytes hold, where a plain gunzip wants the whole file.
    const out = zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    return { start: out.subarray(0, bytes), gzipped: true };
  } finally {
    fs.closeSync(fd);
  }
}

/** @throws with a sentence that says what is wrong, for the file named by the caller. */
export function parseIdxHeader(start: Buffer, gzipped: boolean): IdxHeader {
  if (start.length < 4 || start[0] !== 0 || start[1] !== 0)
    throw new Error('it is not an IDX file (it does not start with two zero bytes)');
  const dtype = TYPES[start[2]];
  if (!dtype) throw new Error(`its value type 0x${start[2].toString(16)} is not one IDX defines`);
  const rank = start[3];
  if (rank < 1 || start.length < 4 + 4 * rank) throw new Error('its header is cut short (the file is truncated)');
  const dims = Array.from({ length: rank }, (_, i) => start.readUInt32BE(4 + 4 * i));
  return { dtype, dims, dataOffset: 4 + 4 * rank, gzipped };
}
