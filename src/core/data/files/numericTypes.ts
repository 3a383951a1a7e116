// The numeric element types of array files (NPY, IDX), how to read one value, and how a type's
// values map to [-1, 1]. Pure.

export type ElementKind = 'uint' | 'int' | 'float' | 'bool';

export interface ElementType {
  kind: ElementKind;
  /** Bytes per value: 1, 2, 4 or 8. */
  bytes: number;
  littleEndian: boolean;
}

/** Reads value `i` (in elements) of `view` as a number. */
export function readerFor(t: ElementType): (view: DataView, i: number) => number {
  const le = t.littleEndian;
  const b = t.bytes;
  if (t.kind === 'bool' || (t.kind === 'uint' && b === 1)) return (v, i) => v.getUint8(i);
  if (t.kind === 'int' && b === 1) return (v, i) => v.getInt8(i);
  if (t.kind === 'uint' && b === 2) return (v, i) => v.getUint16(i * 2, le);
  if (t.kind === 'int' && b === 2) return (v, i) => v.getInt16(i * 2, le);
  if (t.kind === 'uint' && b === 4) return (v, i) => v.getUint32(i * 4, le);
  if (t.kind === 'int' && b === 4) return (v, i) => v.getInt32(i * 4, le);
  if (t.kind === 'uint' && b === 8) return (v, i) => Number(v.getBigUint64(i * 8, le));
  if (t.kind === 'int' && b === 8) return (v, i) => Number(v.getBigInt64(i * 8, le));
  if (t.kind === 'float' && b === 4) return (v, i) => v.getFloat32(i * 4, le);
  if (t.kind === 'float' && b === 8) return (v, i) => v.getFloat64(i * 8, le);
  if (t.kind === 'float' && b === 2) return (v, i) => halfToFloat(v.getUint16(i * 2, le));
  throw new Error(`unsupported element type ${t.kind}${b * 8}`);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The range an integer type's values span, or undefined for floats (their range is measured). */
export function naturalRange(t: ElementType): [number, number] | undefined {
  if (t.kind === 'bool') return [0, 1];
  if (t.kind === 'float') return undefined;
  const bits = t.bytes * 8;
  return t.kind === 'uint' ? [0, 2 ** bits - 1] : [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}

/** The affine map of [low, high] onto [-1, 1], as (scale, shift): v * scale + shift. */
export function toUnitRange([low, high]: [number, number]): { scale: number; shift: number } {
  const span = high - low || 1;
  return { scale: 2 / span, shift: -1 - (2 * low) / span };
}

export const describeType = (t: ElementType): string => (t.kind === 'bool' ? 'bool' : `${t.kind}${t.bytes * 8}`);
