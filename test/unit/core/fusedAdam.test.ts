import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE } from '../../../src/core/backend/fusedKernels';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { FusedAdamOptimizer } from '../../../src/core/training/fusedAdam';

/** Trains two copies of the same weights with each optimiser on the same losses; their values. */
function trainBoth(steps: number) {
  // The third is as large as a layer's kernel: on cpu it takes the op-by-op path.
  const init = [
    tf.randomNormal([7, 5], 0, 1, 'float32', 1),
    tf.randomNormal([5], 0, 1, 'float32', 2),
    tf.randomNormal([97, 95], 0, 1, 'float32', 4),
  ];
  const ours = init.map((t) => tf.variable(t.clone()));
  const theirs = init.map((t) => tf.variable(t.clone()));
  const fused = new FusedAdamOptimizer(0.01, 0.5, 0.999, 1e-7);
  const stock = tf.train.adam(0.01, 0.5, 0.999, 1e-7);
  const x = tf.randomNormal([3, 7], 0, 1, 'float32', 3);
  const loss = (w: tf.Variable[]) => () => lossOf(x, w);
  for (let i = 0; i < steps; i++) {
    fused.minimize(loss(ours), false, ours);
    stock.minimize(loss(theirs), false, theirs);
  }
  return { ours, theirs, fused, stock, x, dispose: () => tf.dispose([...init, ...ours, ...theirs, x]) };
}

function lossOf(x: tf.Tensor, w: tf.Variable[]): tf.Scalar {
  const fit = tf.sum(tf.square(tf.add(tf.matMul(x, w[0]), w[1])));
  return tf.add(fit, tf.sum(tf.square(tf.sub(w[2], 0.5)))) as tf.Scalar;
}

const loss = (run: { ours: tf.Variable[]; x: tf.Tensor }) => () => lossOf(run.x, run.ours);

describe('Adam as one kernel a variable', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    describe(`on ${backend}`, () => {
      before(() => selectBackend(backend));

      it("gives TensorFlow.js's Adam values bit for bit, in one kernel call a variable", async () => {
        assert.ok(tf.getKernel(ADAM_UPDATE, backend));
        const run = trainBoth(25);
        run.ours.forEach((w, i) =>
          assert.deepStrictEqual(Array.from(w.dataSync()), Array.from(run.theirs[i].dataSync())),
        );
        // The same slots under the same names, so checkpoints move between the two.
        const [a, b] = [await run.fused.getWeights(), await run.stock.getWeights()];
        const slotNames = (ws: Array<{ name: string }>, vars: tf.Variable[]) =>
          ws.map((w) => vars.reduce((n, v, i) => n.replace(`${v.name}/`, `weight ${i}/`), w.name));
        assert.deepStrictEqual(slotNames(a, run.ours), [
          'iter',
          'weight 0/m',
          'weight 1/m',
          'weight 2/m',
          'weight 0/v',
          'weight 1/v',
          'weight 2/v',
        ]);
        assert.deepStrictEqual(slotNames(b, run.theirs), slotNames(a, run.ours));
        a.forEach((w, i) =>
          assert.deepStrictEqual(Array.from(w.tensor.dataSync()), Array.from(b[i].tensor.dataSync())),
        );
        const info = await tf.profile(() => {
          run.fused.minimize(loss(run), false, run.ours);
        });
        // wasm's kernel is vectorised and takes every variable; cpu's JavaScript pass only the small.
        assert.strictEqual(info.kernels.filter((k) => k.name === ADAM_UPDATE).length, backend === 'wasm' ? 3 : 2);
        const opByOp = info.kernels.some((k) => k.name === 'RealDiv' || k.name === 'Sqrt');
        assert.strictEqual(opByOp, backend === 'cpu', 'op-by-op update of the large variable');
        run.fused.dispose();
        run.stock.dispose();
        run.dispose();
      });
    });
  }
});
