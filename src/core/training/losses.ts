// The adversarial losses, all on raw discriminator scores (logits). Runs wherever TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from '../experiment/types';

/**
 * The discriminator's loss on real and fake scores (without wgan-gp's penalty, which needs the
 * critic itself and is added by the trainer).
 */
export function discriminatorLoss(loss: LossName, real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'bce': // -log sigmoid(real) - log(1 - sigmoid(fake)), written stably with softplus
        return tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake)));
      case 'lsgan':
        return tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(real, 1))), tf.mean(tf.square(fake))));
      case 'hinge':
        return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
      case 'wgan-gp':
        return tf.sub(tf.mean(fake), tf.mean(real));
    }
  }) as tf.Scalar;
}

/** The generator's loss on fake scores; bce is the non-saturating form, -log sigmoid(fake). */
export function generatorLoss(loss: LossName, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'bce':
        return tf.mean(tf.softplus(tf.neg(fake)));
      case 'lsgan':
        return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
      case 'hinge':
      case 'wgan-gp':
        return tf.neg(tf.mean(fake));
    }
  }) as tf.Scalar;
}

/** What the dashboard plots as D(x) and D(G(z)): a probability under bce, the raw score otherwise. */
export function scoreSummary(loss: LossName, scores: tf.Tensor): tf.Scalar {
  return tf.tidy(() => (loss === 'bce' ? tf.mean(tf.sigmoid(scores)) : tf.mean(scores))) as tf.Scalar;
}
