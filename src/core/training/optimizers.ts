// Optimisers and learning-rate schedules from the experiment. Runs wherever TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSpec } from '../experiment/types';
import { FusedAdamOptimizer } from './fusedAdam';

export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.type) {
    case 'adam':
      return new FusedAdamOptimizer(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(spec.learningRate, 0.9, spec.momentum, spec.epsilon);
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(spec.learningRate, spec.momentum) : tf.train.sgd(spec.learningRate);
  }
}

/**
 * The learning rate at `step` (0-based) of `totalSteps`: constant; linear from learningRate down to
 * finalLearningRate at the last step; or cosine between the same two.
 */
export function learningRateAt(spec: OptimizerSpec, step: number, totalSteps: number): number {
  const progress = totalSteps <= 1 ? 1 : Math.min(1, step / (totalSteps - 1));
  switch (spec.schedule) {
    case 'constant':
      return spec.learningRate;
    case 'linear':
      return spec.learningRate + (spec.finalLearningRate - spec.learningRate) * progress;
    case 'cosine':
      return (
        spec.finalLearningRate + 0.5 * (spec.learningRate - spec.finalLearningRate) * (1 + Math.cos(Math.PI * progress))
      );
  }
}

/** Sets an optimiser's learning rate; SGD caches it as a tensor, the others read the field. */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const o = optimizer as tf.Optimizer & { learningRate: number; setLearningRate?: (r: number) => void };
  if (o.learningRate === rate) return;
  if (o.setLearningRate) o.setLearningRate(rate);
  else o.learningRate = rate;
}
