// What the TensorFlow.js backend holds, for leak tests: its data ids count every buffer a kernel
// allocated, including those made through the backend directly, which tf.memory() never sees.
import * as tf from '@tensorflow/tfjs-core';

export function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}
