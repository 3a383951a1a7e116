// Starts one TensorFlow.js backend for a test file (GAN_STUDIO_TEST_BACKEND, default cpu).
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../../src/core/backend/selectBackend';

export async function useBackend(
  name: BackendName = (process.env.GAN_STUDIO_TEST_BACKEND as BackendName) ?? 'cpu',
): Promise<void> {
  if (tf.getBackend() === name) return;
  await selectBackend(name);
}
