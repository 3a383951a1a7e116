// Dropout whose masks come from the experiment's seed. TensorFlow.js's own dropout either draws
// unseeded masks or, given a seed, repeats one mask on every call; this layer draws a fresh mask
// per call from its own seeded stream, so a run with dropout repeats exactly.
// Runs in the trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '../experiment/types';
import { SeededRandom, type RandomState } from '../random';

export class SeededDropout extends tfl.layers.Layer {
  /** Saved as a plain Dropout (identity at inference), so checkpoints load in any TensorFlow.js. */
  static className = 'Dropout';
  private readonly rate: number;
  private readonly masks: SeededRandom;

  constructor(args: { rate: number; seed: number; inputShape?: Shape }) {
    super({ inputShape: args.inputShape });
    this.rate = args.rate;
    this.masks = new SeededRandom(args.seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    return tf.tidy(() => {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', this.masks.fork()), this.rate),
        'float32',
      );
      return tf.div(tf.mul(x, keep), 1 - this.rate);
    });
  }

  /** The mask stream's position, saved in checkpoints so a resumed run draws the same masks. */
  get maskState(): RandomState {
    return this.masks.getState();
  }

  set maskState(state: RandomState) {
    this.masks.setState(state);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
