// The NumPy .npy format: its header (dtype, shape, order) from the first bytes, and samples read at
// their offsets. No whole-file reads. Runs in Node.
import type { ElementType } from './numericTypes';

export interface NpyHeader {
  dtype: ElementType;
  /** The descr as written, e.g. '<f4'. */
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the first value. */
  dataOffset: number;
}

const MAGIC = '\x93NUMPY';

/** Bytes enough for any header written by NumPy (headers are padded to 64 bytes; big ones are rare). */
export const NPY_HEADER_BYTES = 65536;

/**
 * Parses the header at the start of an .npy file.
 * @throws with a sentence that says what is wrong, for the file named by the caller.
 */
export function parseNpyHeader(start: Buffer): NpyHeader {
  if (start.length < 10 || start.toString('latin1', 0, 6) !== MAGIC)
    throw new Error('it is not a NumPy .npy file (no \\x93NUMPY signature)');
  const major = start[6];
  const lengthBytes = major === 1 ? 2 : 4;
  if (major < 1 || major > 3) throw new Error(`its .npy format version ${major} is not one this reader knows (1 to 3)`);
  const headerLength = lengthBytes === 2 ? start.readUInt16LE(8) : start.readUInt32LE(8);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (start.length < dataOffset) throw new Error('its header is cut short (the file is truncated)');
  const text = start.toString(major === 3 ? 'utf8' : 'latin1', 8 + lengthBytes, dataOffset);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error('its header is not a NumPy array header');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`its shape (${shapeText}) is not a list of sizes`);
  return { dtype: parseDescr(descr), descr, shape, fortranOrder: fortran === 'True', dataOffset };
}

function parseDescr(descr: string): ElementType {
  const m = /^([<>|=])([biuf])(\d+)$/.exec(descr);
  if (!m)
    throw new Error(
      `its values are of type '${descr}', which is not a plain number type (use float32, float64 or an integer type)`,
    );
  const bytes = Number(m[3]);
  const kinds = { b: 'bool', i: 'int', u: 'uint', f: 'float' } as const;
  const kind = kinds[m[2] as keyof typeof kinds];
  const ok =
    kind === 'float' ? [2, 4, 8].includes(bytes) : kind === 'bool' ? bytes === 1 : [1, 2, 4, 8].includes(bytes);
  if (!ok) throw new Error(`its values are of type '${descr}', which this reader does not support`);
  // '|' (not applicable) and '=' (native) are little-endian on every platform Node runs on here.
  return { kind, bytes, littleEndian: m[1] !== '>' };
}
