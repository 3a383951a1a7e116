// The wasm backend's leaky ReLU, its gradient and the fused Adam update on the SIMD kernels of
// elementwiseKernels.ts, under the names fusedKernels.ts gives them (the cpu backend keeps the
// JavaScript passes there), Tanh, and Sum over leading axes. Runs in the trainer process; no VS Code API.
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { ElementwiseKernels } from './elementwiseKernels';
import { ADAM_UPDATE, LEAKY_RELU_GRAD } from './fusedKernels';
import { heapOffset, heapOutput } from './wasmHeap';

const size = (t: TensorInfo) => t.shape.reduce((x, y) => x * y, 1);

export function wasmLeakyReluConfig(kernels: ElementwiseKernels): KernelConfig {
  return {
    kernelName: 'LeakyRelu',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { x } = inputs as { x: TensorInfo };
      const out = heapOutput(backend, x.shape);
      const at = (t: TensorInfo) => heapOffset(backend, t);
      kernels.leakyRelu(at(x), at(out), size(x), (attrs as NamedAttrMap).alpha as number);
      return out;
    },
  };
}

export function wasmLeakyReluGradConfig(kernels: ElementwiseKernels): KernelConfig {
  return {
    kernelName: LEAKY_RELU_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
      const out = heapOutput(backend, x.shape);
      const at = (t: TensorInfo) => heapOffset(backend, t);
      kernels.leakyReluGrad(at(dy), at(x), at(out), size(x), (attrs as NamedAttrMap).alpha as number);
      return out;
    },
  };
}

/** Attributes as fusedKernels.ts's adamUpdateConfig takes them; the wasm call rounds each to float32. */
export function wasmAdamUpdateConfig(kernels: ElementwiseKernels): KernelConfig {
  return {
    kernelName: ADAM_UPDATE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { x, m, v, g } = inputs as Record<'x' | 'm' | 'v' | 'g', TensorInfo>;
      const a = attrs as Record<string, number>;
      const outs = [heapOutput(backend, x.shape), heapOutput(backend, x.shape), heapOutput(backend, x.shape)];
      const [xo, mo, vo, xi, mi, vi, gi] = [...outs, x, m, v, g].map((t) => heapOffset(backend, t));
      // 1 - beta in double, then rounded, as the stock optimiser's scalar tensor is.
      kernels.adam(
        xi,
        mi,
        vi,
        gi,
        xo,
        mo,
        vo,
        size(x),
        a.beta1,
        a.beta2,
        1 - a.beta1,
        1 - a.beta2,
        a.c1,
        a.c2,
        a.epsilon,
        -a.learningRate,
      );
      return outs;
    },
  };
}

/**
 * Sum over the leading axes of a float32 tensor whose remaining values come in fours (a bias
 * gradient); any other sum goes to TensorFlow.js's kernel.
 */
export function wasmLeadingSumConfig(kernels: ElementwiseKernels, original: KernelConfig): KernelConfig {
  return {
    kernelName: 'Sum',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = (args.attrs ?? {}) as { axis: number | number[]; keepDims: boolean };
      const rank = x.shape.length;
      const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort(
        (a, b) => a - b,
      );
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      const kept = x.shape.slice(axes.length);
      const cols = kept.reduce((p, q) => p * q, 1);
      if (!leading || x.dtype !== 'float32' || cols % 4 !== 0 || size(x) === 0) return original.kernelFunc(args);
      const out = heapOutput(args.backend, keepDims ? [...axes.map(() => 1), ...kept] : kept);
      kernels.columnSums(heapOffset(args.backend, x), heapOffset(args.backend, out), size(x) / cols, cols);
      return out;
    },
  };
}

/** Tanh as the SIMD rational function (tanhKernel.ts has the fallback and the stock kernel's cost). */
export function wasmTanhSimdConfig(kernels: ElementwiseKernels): KernelConfig {
  return {
    kernelName: 'Tanh',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as { x: TensorInfo };
      const out = heapOutput(backend, x.shape);
      kernels.tanh(heapOffset(backend, x), heapOffset(backend, out), size(x));
      return out;
    },
  };
}
