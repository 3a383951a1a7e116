// Wasm's BatchMatMul: on our own kernels (gemmKernels.ts) where they apply, which pack nothing;
// otherwise (batched products, column counts that are not a multiple of 4) on XNNPACK, given the
// operand order that costs it least. Its fully connected operator packs the right operand into
// panels before it multiplies, at about 11 ns a value on these machines, and keeps the packed
// copy only while that tensor lives. In training, every right operand is new each step (weights
// are reassigned, gradients are fresh), so packing a 784x128 weight matrix costs more than
// multiplying a batch of 64 by it. The product can as well be computed transposed,
// out^T = b^T a^T, which packs a instead of b; with a batch of 64 rows and a layer of hundreds or
// thousands of units, a is the smaller. The choice depends on shapes alone, never on timings, so
// a run computes the same values every time.
// Runs in the trainer process; no VS Code API.
import type { KernelBackend, KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { GemmKernels } from './gemmKernels';
import { runKernel } from './im2colKernels';
import { heapOffset, heapOutput } from './wasmHeap';

/** Packing a value, in units of transposing one (measured here: about 11 ns against 1.3 ns). */
const PACK_COST = 8;
/** The transposed order must win by this much: near a tie, the plain order. */
const SWAP_MARGIN = 0.85;

export interface MatMulShape {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  /** The right operand's packed copy already exists (it was the right operand of an earlier call). */
  bPacked: boolean;
}

/** Whether computing b^T a^T and transposing it back costs less than a b. */
export function shouldSwapOperands(s: MatMulShape): boolean {
  const { m, k, n } = s;
  const direct = (s.bPacked ? 0 : PACK_COST * k * n) + (s.transposeA ? m * k : 0) + (s.transposeB ? k * n : 0);
  const swapped = PACK_COST * k * m + (s.transposeA ? 0 : m * k) + (s.transposeB ? 0 : k * n) + m * n;
  return swapped < SWAP_MARGIN * direct;
}

const lastTwoSwapped = (shape: number[]): number[] => {
  const perm = shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return perm;
};

const outerSize = (shape: number[]): number => shape.slice(0, -2).reduce((x, y) => x * y, 1);

/** The product's m, k, n, whether each side is one matrix, and its batch shape. */
function productShape(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean) {
  const ra = a.shape.length;
  const rb = b.shape.length;
  return {
    m: transposeA ? a.shape[ra - 1] : a.shape[ra - 2],
    k: transposeA ? a.shape[ra - 2] : a.shape[ra - 1],
    n: transposeB ? b.shape[rb - 2] : b.shape[rb - 1],
    single: outerSize(a.shape) === 1 && outerSize(b.shape) === 1,
    batch: (ra >= rb ? a.shape : b.shape).slice(0, -2),
  };
}

/**
 * The product on our own kernels (gemmKernels.ts), which pack nothing: for one matrix each side
 * with a multiple of 4 columns (every layer of the reference models; others go to XNNPACK).
 * A B^T takes B^T from the fast Transpose kernel first, and A^T B^T likewise.
 */
function gemmProduct(
  gemm: GemmKernels,
  backend: KernelBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo | undefined {
  const { m, k, n, single, batch } = productShape(a, b, transposeA, transposeB);
  if (!single || a.dtype !== 'float32' || b.dtype !== 'float32' || n % 4 !== 0 || m * k * n === 0) return undefined;
  const plainB = transposeB ? runKernel('Transpose', 'wasm', backend, { x: b }, { perm: lastTwoSwapped(b.shape) }) : b;
  try {
    const out = heapOutput(backend, [...batch, m, n]);
    // Offsets after the allocation; they stay valid when the heap grows (only its buffer moves).
    const offset = (t: TensorInfo) => heapOffset(backend, t);
    (transposeA ? gemm.tn : gemm.nn)(offset(a), offset(plainB), offset(out), m, k, n);
    return out;
  } finally {
    if (plainB !== b) backend.disposeData(plainB.dataId);
  }
}

/**
 * Also takes wasm's transposed products off its naive loop (about 10x slower than XNNPACK), by
 * transposing with the fast Transpose kernel and multiplying plainly. With `gemm`, products it
 * can take go there first.
 */
export function wasmMatMulConfig(original: KernelConfig, gemm?: GemmKernels): KernelConfig {
  // Right operands XNNPACK holds packed: its cache lives as long as the tensor, and a tensor's
  // data id is never reused, so a weak set of them is exact enough.
  const packed = new WeakSet<object>();
  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs = {} } = args;
      const backend = args.backend as KernelBackend;
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      const own = gemm && gemmProduct(gemm, backend, a, b, transposeA, transposeB);
      if (own) return own;
      const transpose = (t: TensorInfo): TensorInfo =>
        runKernel('Transpose', 'wasm', backend, { x: t }, { perm: lastTwoSwapped(t.shape) });
      const temporaries: TensorInfo[] = [];
      const temporary = (t: TensorInfo) => (temporaries.push(t), t);
      try {
        const { m, k, n, single, batch } = productShape(a, b, transposeA, transposeB);
        const bPacked = !transposeB && packed.has(b.dataId);
        if (single && shouldSwapOperands({ m, k, n, transposeA, transposeB, bPacked })) {
          // out^T = b^T a^T: b^T is b as stored when it came transposed, and likewise a^T.
          const left = transposeB ? b : temporary(transpose(b));
          const right = transposeA ? a : temporary(transpose(a));
          const product = temporary(
            original.kernelFunc({
              inputs: { a: { ...left, shape: [1, n, k] }, b: { ...right, shape: [1, k, m] } },
              backend,
              attrs: { ...attrs, transposeA: false, transposeB: false },
            }) as TensorInfo,
          );
          const out = transpose({ ...product, shape: [n, m] });
          return { ...out, shape: [...batch, m, n] };
        }
        if (!transposeA && !transposeB) {
          packed.add(b.dataId);
          return original.kernelFunc(args);
        }
        const plainB = transposeB ? temporary(transpose(b)) : b;
        if (!transposeB) packed.add(b.dataId);
        return original.kernelFunc({
          inputs: { a: transposeA ? temporary(transpose(a)) : a, b: plainB },
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
      } finally {
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    },
  };
}
