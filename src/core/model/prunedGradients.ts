// Dense and conv2d layers whose gradients are only the ones asked for.
// tfjs-layers computes these layers with TensorFlow.js's fused matMul and conv2d, and those ops'
// custom gradients compute the gradient of every input whenever any is needed: in the generator's
// update, the discriminator's weight gradients (a third of a DCGAN's discriminator backward pass);
// in the discriminator's update, its gradient with respect to its input images. The plain ops
// (matMul or conv2d, add, activation) have one gradient function per input, and the tape calls
// only those on the path to the variables being trained. Forward passes outside a gradient
// (samples, metrics) keep the fused op.
// Runs in the trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** What the layer's own call reads: its weights and, for conv2d, its geometry. */
interface WeightedLayer {
  kernel: { read(): tf.Tensor } | null;
  bias: { read(): tf.Tensor } | null;
  activation?: { apply(x: tf.Tensor): tf.Tensor };
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[];
}
interface ConvGeometry {
  strides: [number, number];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number | [number, number];
}

const insideGradient = () => tf.engine().state.gradientDepth > 0;
const one = (inputs: tf.Tensor | tf.Tensor[]) => (Array.isArray(inputs) ? inputs[0] : inputs);

function withBiasAndActivation(layer: WeightedLayer, y: tf.Tensor): tf.Tensor {
  const biased = layer.bias ? tf.add(y, layer.bias.read()) : y;
  return layer.activation ? layer.activation.apply(biased) : biased;
}

/** A dense layer (on a [batch, features] input) whose gradients the tape can prune. */
export function pruneDenseGradients<L extends tfl.layers.Layer>(layer: L): L {
  const l = layer as unknown as WeightedLayer;
  const fused = l.call.bind(l);
  l.call = (inputs, kwargs) => {
    const x = one(inputs);
    if (!insideGradient() || x.rank !== 2 || !l.kernel) return fused(inputs, kwargs);
    return tf.tidy(() => withBiasAndActivation(l, tf.matMul(x, l.kernel!.read())));
  };
  return layer;
}

/** A conv2d layer (NHWC) whose gradients the tape can prune. */
export function pruneConv2dGradients<L extends tfl.layers.Layer>(layer: L): L {
  const l = layer as unknown as WeightedLayer & ConvGeometry;
  const fused = l.call.bind(l);
  l.call = (inputs, kwargs) => {
    const x = one(inputs);
    if (!insideGradient() || x.rank !== 4 || !l.kernel || l.dataFormat !== 'channelsLast') return fused(inputs, kwargs);
    return tf.tidy(() =>
      withBiasAndActivation(
        l,
        tf.conv2d(x as tf.Tensor4D, l.kernel!.read() as tf.Tensor4D, l.strides, l.padding, 'NHWC', l.dilationRate),
      ),
    );
  };
  return layer;
}
