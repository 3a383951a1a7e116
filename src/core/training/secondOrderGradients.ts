// Gradients TensorFlow.js lacks for second derivatives, which WGAN-GP's gradient penalty takes
// through the critic: the comparisons inside the leaky ReLU and SELU gradients (zero almost
// everywhere), and the ELU gradient kernel itself. Runs wherever TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';

const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];

let registered = false;

/** Registers the missing gradients once per process; existing ones are never replaced. */
export function registerSecondOrderGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved;
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
  if (!tf.getGradient('EluGrad')) {
    // EluGrad(dy, y) = dy where y > 0, else dy * (y + 1).
    tf.registerGradient({
      kernelName: 'EluGrad',
      inputsToSave: ['dy', 'y'],
      gradFunc: (ddx, saved) => {
        const [dy, y] = saved;
        const positive = tf.greater(y, 0);
        return {
          dy: () => tf.mul(ddx as tf.Tensor, tf.where(positive, tf.onesLike(y), tf.add(y, 1))),
          y: () => tf.where(positive, tf.zerosLike(y), tf.mul(ddx as tf.Tensor, dy)),
        };
      },
    });
  }
}
