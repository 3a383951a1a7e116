// Matrix products on the wasm heap, C = A B and C = A^T B, written here in WebAssembly SIMD.
// XNNPACK's fully connected operator, behind TensorFlow.js's BatchMatMul, first packs its right
// operand into panels (about 11 ns a value here) and keeps that copy only while the tensor lives;
// in training every operand is new each step, so the packing is paid on every call, and on a
// GAN's small products (a batch of 64 against a few hundred units) it reaches 5-9 GFLOP/s. These
// kernels read both operands where they lie: row-major B's rows are already the vectors a tile
// needs, and A's values are broadcast one at a time, so nothing is packed. They reach about
// 23 GFLOP/s on one thread (`npm run bench:kernels`). Each output is a float32 sum over k in
// order, so results do not depend on shapes around them or on timing.
// Runs in the trainer process; no VS Code API.
import { FunctionBuilder, instantiateOnMemory, op, type Code, type Local } from './wasmAssembler';

/** Rows of A and 4-float vectors of B's columns per tile: 8 accumulators, in x86's 16 registers. */
const TILE_ROWS = 4;
const TILE_VECTORS = 2;

export interface GemmKernels {
  /** C[m,n] = A[m,k] B[k,n], all row-major at byte offsets of the heap. n a multiple of 4. */
  nn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** C[m,n] = A^T B with A stored [k,m] (a weight gradient x^T dy). n a multiple of 4. */
  tn(a: number, b: number, c: number, m: number, k: number, n: number): void;
}

/** Which operand layout a function reads A in. */
type Layout = 'nn' | 'tn';

function gemmFunction(layout: Layout): FunctionBuilder {
  const f = new FunctionBuilder(layout, 6);
  const [a, b, c, m, k, n] = f.params;
  const i = f.local('i32');
  const j = f.local('i32');
  const kk = f.local('i32');
  const pa = f.local('i32');
  const pb = f.local('i32');
  const pc = f.local('i32');
  /** Bytes of a row of B and C. */
  const rowBytes = f.local('i32');
  /** How far A's pointer moves per k: along a row (nn), or down a stored row of A^T (tn). */
  const aStep = f.local('i32');
  /** Bytes between consecutive rows of A, for nn (tn's rows are adjacent floats). */
  const aRowOffsets: Local[] = [];
  for (let r = 1; r < TILE_ROWS; r++) aRowOffsets.push(f.local('i32'));
  const accumulators = Array.from({ length: TILE_ROWS }, () =>
    Array.from({ length: TILE_VECTORS }, () => f.local('v128')),
  );
  const bVectors = Array.from({ length: TILE_VECTORS }, () => f.local('v128'));
  const broadcast = f.local('v128');

  const bytes = (x: Code) => op.shl(x, op.i32(2));
  f.emit(op.set(rowBytes, bytes(op.get(n))));
  if (layout === 'nn') {
    f.emit(op.set(aStep, op.i32(4)));
    aRowOffsets.forEach((offset, r) => f.emit(op.set(offset, op.mul(op.i32(r + 1), bytes(op.get(k))))));
  } else {
    f.emit(op.set(aStep, bytes(op.get(m))));
  }
  /** A's value of tile row r at the current k. */
  const loadA = (r: number): Code =>
    layout === 'nn'
      ? op.v128Load32Splat(r === 0 ? op.get(pa) : op.add(op.get(pa), op.get(aRowOffsets[r - 1])))
      : op.v128Load32Splat(op.get(pa), 4 * r);

  /** One rows x vectors tile of C at (i, j): the sum over k, then stored. */
  const tile = (rows: number, vectors: number): Code[] => {
    const code: Code[] = [];
    for (let r = 0; r < rows; r++)
      for (let v = 0; v < vectors; v++) code.push(op.set(accumulators[r][v], op.v128Zero()));
    const firstA = layout === 'nn' ? op.mul(op.get(i), op.get(k)) : op.get(i);
    code.push(op.set(pa, op.add(op.get(a), bytes(firstA))));
    code.push(op.set(pb, op.add(op.get(b), bytes(op.get(j)))));
    code.push(op.set(kk, op.get(k)));
    const body: Code[] = [];
    for (let v = 0; v < vectors; v++) body.push(op.set(bVectors[v], op.v128Load(op.get(pb), 16 * v)));
    for (let r = 0; r < rows; r++) {
      body.push(op.set(broadcast, loadA(r)));
      for (let v = 0; v < vectors; v++) {
        const acc = accumulators[r][v];
        body.push(op.set(acc, op.f32x4Add(op.get(acc), op.f32x4Mul(op.get(broadcast), op.get(bVectors[v])))));
      }
    }
    body.push(op.set(pa, op.add(op.get(pa), op.get(aStep))));
    body.push(op.set(pb, op.add(op.get(pb), op.get(rowBytes))));
    body.push(op.set(kk, op.sub(op.get(kk), op.i32(1))));
    code.push(op.whileLoop(op.get(kk), body));
    code.push(op.set(pc, op.add(op.get(c), bytes(op.add(op.mul(op.get(i), op.get(n)), op.get(j))))));
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < vectors; v++) code.push(op.v128Store(op.get(pc), op.get(accumulators[r][v]), 16 * v));
      if (r < rows - 1) code.push(op.set(pc, op.add(op.get(pc), op.get(rowBytes))));
    }
    return code;
  };

  /** `x + extra <= limit`, unsigned. */
  const fits = (x: Local, extra: number, limit: Local): Code =>
    op.eqz(op.gtU(op.add(op.get(x), op.i32(extra)), op.get(limit)));
  const width = 4 * TILE_VECTORS;
  /** Every column of the rows from i: full tiles, then one vector where n leaves 4 columns. */
  const rowBand = (rows: number): Code[] => [
    op.set(j, op.i32(0)),
    op.whileLoop(fits(j, width, n), [...tile(rows, TILE_VECTORS), op.set(j, op.add(op.get(j), op.i32(width)))]),
    op.when(fits(j, 4, n), tile(rows, 1)),
    op.set(i, op.add(op.get(i), op.i32(rows))),
  ];
  f.emit(op.set(i, op.i32(0)));
  f.emit(op.whileLoop(fits(i, TILE_ROWS, m), rowBand(TILE_ROWS)));
  f.emit(op.whileLoop(op.gtU(op.get(m), op.get(i)), rowBand(1)));
  return f;
}

/** The kernels, working on `memory` (the wasm backend's heap) in place. */
export function instantiateGemm(memory: WebAssembly.Memory): GemmKernels {
  return instantiateOnMemory([gemmFunction('nn'), gemmFunction('tn')], memory) as unknown as GemmKernels;
}
