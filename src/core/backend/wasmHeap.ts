// The wasm backend as our kernels see it: tensors as byte offsets into its heap, and new float32
// outputs allocated there. Offsets stay valid when the heap grows (only its buffer moves).
// Runs in the trainer process; no VS Code API.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

export type WasmBackend = KernelBackend & {
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
};

/** The tensor's byte offset in the heap. */
export const heapOffset = (backend: unknown, t: TensorInfo): number =>
  (backend as WasmBackend).getMemoryOffset(t.dataId);

/** A new float32 tensor of `shape` in the heap, for a kernel to fill. */
export const heapOutput = (backend: unknown, shape: number[]): TensorInfo =>
  (backend as WasmBackend).makeOutput(shape, 'float32');
