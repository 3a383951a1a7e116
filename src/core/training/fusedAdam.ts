// Adam whose update of each variable (on cpu, each small one) is one kernel call
// (GanStudioAdamUpdate) where the backend has it, instead of about twelve ops and their dispatch. The slots, their names and order, and the values are TensorFlow.js's own,
// so checkpoints are interchangeable with tf.train.adam's. Runs wherever TensorFlow.js does.
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE } from '../backend/fusedKernels';

/** Variables of this many values or more are updated op by op where the kernel is a pass in
 * JavaScript (cpu): that costs about 25 ns a value (its division and square root), twelve
 * vectorised ops about 1 ns a value plus some 0.2 ms of dispatch a variable. On wasm the kernel
 * is vectorised itself (elementwiseKernels.ts) and takes every variable. */
const OPS_FROM = 8192;

type Slot = { originalName: string; variable: tf.Variable };
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  incrementIterations(): void;
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_UPDATE, tf.getBackend())) return super.applyGradients(variableGradients);
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    tf.tidy(() => {
      // 1 - beta^t as the stock optimiser computes it (a float32 subtraction).
      const [c1, c2] = [tf.sub(1, self.accBeta1).dataSync()[0], tf.sub(1, self.accBeta2).dataSync()[0]];
      const attrs = {
        beta1: self.beta1,
        beta2: self.beta2,
        epsilon: self.epsilon,
        learningRate: self.learningRate,
        c1,
        c2,
      };
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        const slot = (list: Slot[], suffix: string) =>
          (list[i] ??= {
            originalName: `${name}/${suffix}`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          }).variable;
        const m = slot(self.accumulatedFirstMoment, 'm');
        const v = slot(self.accumulatedSecondMoment, 'v');
        const g = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (g == null) return;
        if (value.size >= OPS_FROM && tf.getBackend() !== 'wasm') {
          // TensorFlow.js's own sequence: on large variables its vectorised ops beat one pass in
          // JavaScript, whose floating-point division and square root take most of its time.
          const m1 = tf.add(tf.mul(m, self.beta1), tf.mul(g, 1 - self.beta1));
          const v1 = tf.add(tf.mul(v, self.beta2), tf.mul(tf.square(g), 1 - self.beta2));
          const step = tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), self.epsilon));
          m.assign(m1);
          v.assign(v1);
          value.assign(tf.add(tf.mul(step, -self.learningRate), value));
          return;
        }
        const [x1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { x: value, m, v, g }, attrs) as tf.Tensor[];
        m.assign(m1);
        v.assign(v1);
        value.assign(x1);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  }
}
