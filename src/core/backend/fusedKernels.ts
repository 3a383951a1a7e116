// Kernels that save the wasm backend work TensorFlow.js does not: an Identity that shares its
// input's buffer (as Reshape does, and as the cpu backend's Identity does) instead of copying it,
// and the leaky ReLU's gradient as one pass instead of Greater, Select and Multiply. Runs in the
// trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { buffersFor } from './im2colKernels';

type RefCounting = KernelBackend & { incRef(dataId: object): void };

/** Identity by reference: the engine counts the buffer's users, so nothing is copied. */
export function sharedIdentityConfig(backendName: string, original: KernelConfig): KernelConfig {
  return {
    kernelName: 'Identity',
    backendName,
    kernelFunc: (args) => {
      const x = (args.inputs as { x: TensorInfo }).x;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}

/** The kernel of the leaky ReLU's gradient: dx = dy where x > 0, else alpha * dy. */
export const LEAKY_RELU_GRAD = 'GanStudioLeakyReluGrad';

export function leakyReluGradConfig(backendName: string): KernelConfig {
  return {
    kernelName: LEAKY_RELU_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
      const alpha = (attrs as NamedAttrMap).alpha as number;
      const buf = buffersFor(backendName, backend as KernelBackend);
      const out = buf.alloc(x.shape);
      // Views after the allocation, which may move the wasm heap.
      const o = buf.read(out);
      const g = buf.read(dy);
      const v = buf.read(x);
      for (let i = 0; i < o.length; i++) o[i] = v[i] > 0 ? g[i] : alpha * g[i];
      return out;
    },
  };
}

let gradientRegistered = false;

/**
 * Routes the leaky ReLU's gradient through the one-pass kernel. Its own gradient (for the second
 * derivatives a gradient penalty takes) is the same kernel on the incoming gradient: the map from
 * dy to dx is linear, and x only chooses a slope.
 */
export function registerLeakyReluGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const alpha = (attrs as { alpha: number }).alpha;
      return { x: () => leakyReluGrad(dy as tf.Tensor, x, alpha) };
    },
  });
  tf.registerGradient({
    kernelName: LEAKY_RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved, attrs) => {
      const [x] = saved;
      const alpha = (attrs as { alpha: number }).alpha;
      return { dy: () => leakyReluGrad(ddx as tf.Tensor, x, alpha), x: () => tf.zerosLike(x) };
    },
  });
}

/** The one-pass kernel where the backend has it (wasm, cpu), else TensorFlow.js's own ops (native
 * TensorFlow, whose buffers these kernels cannot write). */
function leakyReluGrad(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()))
    return tf.engine().runKernel(LEAKY_RELU_GRAD, { dy, x }, { alpha }) as tf.Tensor;
  return tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)));
}
