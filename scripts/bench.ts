// `npm run bench`: steps per second of the engine (the CLI's training loop, recording a run folder)
// against a bare hand-written TensorFlow.js loop on the same model, on every backend that loads.
// Both are timed between the same two steps, after warm-up, in alternating order (ABBA).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, type BackendName } from '../src/core/backend/selectBackend';
import { createDataset } from '../src/core/data/createDataset';
import type { BuiltinDataSpec, Experiment } from '../src/core/experiment/types';
import { validateExperimentText } from '../src/core/experiment/validateExperiment';
import { parseMetricsLines } from '../src/core/run/readRun';
import { runTraining } from '../src/core/training/runTraining';

interface Plan {
  example: string;
  from: number;
  to: number;
}
const PLANS: Record<BackendName, Plan[]> = {
  tensorflow: [
    { example: 'mnist-dense', from: 100, to: 1100 },
    { example: 'mnist-dcgan', from: 20, to: 220 },
  ],
  wasm: [
    { example: 'mnist-dense', from: 100, to: 700 },
    { example: 'mnist-dcgan', from: 10, to: 70 },
  ],
  cpu: [
    { example: 'mnist-dense', from: 20, to: 200 },
    { example: 'mnist-dcgan', from: 2, to: 6 },
  ],
};

function loadExample(name: string, steps: number, logEvery: number): Experiment {
  const text = fs.readFileSync(path.join(__dirname, '..', 'examples', `${name}.gan.json`), 'utf8');
  const exp = validateExperimentText(text).experiment!;
  exp.training.steps = steps;
  exp.log.every = logEvery;
  // Samples and checkpoints only at the end, after the timed window.
  exp.samples.every = steps;
  exp.checkpoint.every = steps;
  return exp;
}

/** The engine: runTraining exactly as the CLI calls it; rate from metrics.jsonl's wall clock. */
async function engineRate(backend: BackendName, plan: Plan): Promise<number> {
  const logEvery = plan.from < 10 ? 1 : 10;
  const exp = loadExample(plan.example, plan.to + logEvery, logEvery);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-bench-'));
  await runTraining({ experiment: exp, runDir, backend: { name: backend, description: backend, skipped: [] } });
  const records = parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'));
  fs.rmSync(runDir, { recursive: true, force: true });
  const a = records.find((r) => r.step === plan.from)!;
  const b = records.find((r) => r.step === plan.to)!;
  return (b.step - a.step) / (b.wallSeconds - a.wallSeconds);
}

/** The bare loop: the same networks written directly with tfjs-layers, Adam, minimize, tidy. */
async function bareRate(plan: Plan): Promise<number> {
  const exp = loadExample(plan.example, plan.to, 10);
  const data = createDataset(exp.data as BuiltinDataSpec, 1);
  const batch = exp.training.batchSize;
  const conv = plan.example === 'mnist-dcgan';
  const g = tfl.sequential();
  const d = tfl.sequential();
  if (conv) {
    g.add(tfl.layers.dense({ inputShape: [100], units: 3136 }));
    g.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
    g.add(tfl.layers.reshape({ targetShape: [7, 7, 64] }));
    g.add(tfl.layers.conv2dTranspose({ filters: 32, kernelSize: 4, strides: 2, padding: 'same' }));
    g.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
    g.add(tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }));
    d.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 4, strides: 2, padding: 'same' }));
    d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
    d.add(tfl.layers.conv2d({ filters: 64, kernelSize: 4, strides: 2, padding: 'same' }));
    d.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
    d.add(tfl.layers.flatten());
    d.add(tfl.layers.dense({ units: 1 }));
  } else {
    g.add(tfl.layers.dense({ inputShape: [100], units: 128, activation: 'relu' }));
    g.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
    g.add(tfl.layers.dense({ units: 784, activation: 'tanh' }));
    d.add(tfl.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }));
    d.add(tfl.layers.dense({ units: 64, activation: 'relu' }));
    d.add(tfl.layers.dense({ units: 1 }));
  }
  const lr = exp.training.generatorOptimizer.learningRate;
  const gOpt = tf.train.adam(lr, 0.5);
  const dOpt = tf.train.adam(lr, 0.5);
  const gVars = g.trainableWeights.map((w) => w.read() as tf.Variable);
  const dVars = d.trainableWeights.map((w) => w.read() as tf.Variable);
  const real = new Float32Array(batch * 784);
  const shape = conv ? [batch, 28, 28, 1] : [batch, 784];
  let tA = 0;
  for (let step = 1; step <= plan.to; step++) {
    data.sampleBatch(batch, real);
    const x = tf.tensor(real, shape);
    const z1 = tf.randomNormal([batch, 100]);
    const z2 = tf.randomNormal([batch, 100]);
    dOpt.minimize(
      () => {
        const fake = g.apply(z1, { training: true }) as tf.Tensor;
        const r = d.apply(x, { training: true }) as tf.Tensor;
        const f = d.apply(fake, { training: true }) as tf.Tensor;
        return tf.add(tf.mean(tf.softplus(tf.neg(r))), tf.mean(tf.softplus(f))) as tf.Scalar;
      },
      false,
      dVars,
    );
    const gl = gOpt.minimize(
      () =>
        tf.mean(
          tf.softplus(tf.neg(d.apply(g.apply(z2, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor)),
        ) as tf.Scalar,
      step % 10 === 0,
      gVars,
    );
    if (gl) {
      gl.dataSync();
      gl.dispose();
    }
    x.dispose();
    z1.dispose();
    z2.dispose();
    if (step === plan.from) tA = performance.now();
  }
  const rate = (plan.to - plan.from) / ((performance.now() - tA) / 1000);
  g.dispose();
  d.dispose();
  gOpt.dispose();
  dOpt.dispose();
  return rate;
}

async function main() {
  const rows: string[] = [];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
    try {
      await selectBackend(name);
    } catch (err) {
      console.log(`${name}: skipped (${(err as Error).message})`);
      continue;
    }
    for (const plan of PLANS[name]) {
      // ABBA: engine, bare, bare, engine; each figure is the mean of its two runs.
      const e1 = await engineRate(name, plan);
      const b1 = await bareRate(plan);
      const b2 = await bareRate(plan);
      const e2 = await engineRate(name, plan);
      const engine = (e1 + e2) / 2;
      const bare = (b1 + b2) / 2;
      const row = `${name.padEnd(10)} ${plan.example.padEnd(12)} engine ${engine.toFixed(2).padStart(7)} steps/s   bare ${bare.toFixed(2).padStart(7)} steps/s   ratio ${(engine / bare).toFixed(3)}   (runs: engine ${e1.toFixed(2)}, ${e2.toFixed(2)}; bare ${b1.toFixed(2)}, ${b2.toFixed(2)}; steps ${plan.from}-${plan.to}, batch 64)`;
      console.log(row);
      rows.push(row);
    }
  }
  console.log('\nsummary\n' + rows.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
