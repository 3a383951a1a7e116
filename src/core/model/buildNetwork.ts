// Builds a TensorFlow.js layers model from a validated layer list, with seeded initial weights.
// Runs in the trainer process; no VS Code API.
import * as tfl from '@tensorflow/tfjs-layers';
import type { Activation, LayerSpec, Shape } from '../experiment/types';
import { SeededRandom } from '../random';
import { pruneConv2dGradients, pruneDenseGradients } from './prunedGradients';
import { SeededDropout } from './seededDropout';

type TfActivation = 'linear' | 'relu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'swish' | 'softmax';

/** tfjs-layers has no 'leakyRelu' activation string: that one becomes a LeakyReLU layer after. */
function splitActivation(a: Activation): { inline: TfActivation; leaky: boolean } {
  return a === 'leakyRelu' ? { inline: 'linear', leaky: true } : { inline: a, leaky: false };
}

/** Which entry of the experiment's layer list made each model layer (an entry with a leaky ReLU
 * makes two), so errors can name the JSON path. */
const specIndex = new WeakMap<tfl.layers.Layer, number>();

/** The index in the experiment's layer list of the entry that made `layer`. */
export function layerSpecIndex(layer: tfl.layers.Layer): number | undefined {
  return specIndex.get(layer);
}

/**
 * A sequential model of `layers` on inputs of `inputShape` (without the batch axis). Kernels start
 * from Glorot-uniform weights drawn from `seed`, so the same seed builds the same network.
 */
export function buildNetwork(name: string, layers: LayerSpec[], inputShape: Shape, seed: number): tfl.Sequential {
  const rng = new SeededRandom(seed);
  const model = tfl.sequential({ name });
  const first = (): { inputShape?: Shape } => (model.layers.length === 0 ? { inputShape } : {});
  const init = () => tfl.initializers.glorotUniform({ seed: rng.fork() });
  layers.forEach((spec, index) => {
    const before = model.layers.length;
    addLayers(spec);
    for (const layer of model.layers.slice(before)) specIndex.set(layer, index);
  });
  return model;

  function addLayers(spec: LayerSpec): void {
    switch (spec.type) {
      case 'dense': {
        const { inline, leaky } = splitActivation(spec.activation);
        model.add(
          pruneDenseGradients(
            tfl.layers.dense({
              ...first(),
              units: spec.units,
              activation: inline,
              useBias: spec.useBias,
              kernelInitializer: init(),
            }),
          ),
        );
        if (leaky) model.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
        break;
      }
      case 'conv2d':
      case 'conv2dTranspose': {
        const { inline, leaky } = splitActivation(spec.activation);
        const args = {
          ...first(),
          filters: spec.filters,
          kernelSize: spec.kernelSize,
          strides: spec.strides,
          padding: spec.padding,
          activation: inline,
          useBias: spec.useBias,
          kernelInitializer: init(),
        };
        model.add(
          spec.type === 'conv2d' ? pruneConv2dGradients(tfl.layers.conv2d(args)) : tfl.layers.conv2dTranspose(args),
        );
        if (leaky) model.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
        break;
      }
      case 'upSampling2d':
        model.add(
          tfl.layers.upSampling2d({ ...first(), size: Array.isArray(spec.size) ? spec.size : [spec.size, spec.size] }),
        );
        break;
      case 'reshape':
        model.add(tfl.layers.reshape({ ...first(), targetShape: spec.targetShape }));
        break;
      case 'flatten':
        model.add(tfl.layers.flatten(first()));
        break;
      case 'batchNormalization':
        model.add(tfl.layers.batchNormalization({ ...first(), momentum: spec.momentum, epsilon: spec.epsilon }));
        break;
      case 'layerNormalization':
        model.add(tfl.layers.layerNormalization({ ...first(), epsilon: spec.epsilon }));
        break;
      case 'dropout':
        model.add(new SeededDropout({ ...first(), rate: spec.rate, seed: rng.fork() }));
        break;
      case 'leakyReLU':
        model.add(tfl.layers.leakyReLU({ ...first(), alpha: spec.alpha }));
        break;
      case 'activation': {
        const { inline, leaky } = splitActivation(spec.activation);
        model.add(
          leaky
            ? tfl.layers.leakyReLU({ ...first(), alpha: 0.2 })
            : tfl.layers.activation({ ...first(), activation: inline }),
        );
        break;
      }
    }
  }
}
