// What the classifier-based image metrics cost: the classifier's one-off training, and per
// evaluation the share of training time, on the shipped MNIST examples at their own settings.
// `npm run bench:metrics [-- STEPS_DENSE STEPS_DCGAN]`. Trains in a scratch copy of the examples, so
// the first run trains the classifier (timed) and the runs after read it from the cache.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { selectBackend } from '../src/core/backend/selectBackend';
import { dataCacheDirFor } from '../src/core/run/runFolder';
import { runTraining } from '../src/core/training/runTraining';
import { loadExperiment } from '../src/trainer/loadExperiment';
import { describeImageMetrics } from '../src/trainer/progressLine';

async function main() {
  const [dense = '2000', dcgan = '300'] = process.argv.slice(2);
  const backend = await selectBackend('wasm', { threads: 1 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-metrics-bench-'));
  for (const [name, steps] of [
    ['mnist-dense', Number(dense)],
    ['mnist-dcgan', Number(dcgan)],
  ] as const) {
    const file = path.join(scratch, `${name}.gan.json`);
    fs.copyFileSync(path.join(__dirname, '..', 'examples', `${name}.gan.json`), file);
    const loaded = loadExperiment(file, { steps });
    if (!loaded.ok) throw new Error(loaded.message);
    const exp = loaded.experiment;
    const summary = await runTraining({
      experiment: exp,
      runDir: path.join(scratch, '.gan-runs', name),
      backend,
      dataset: { baseDir: scratch, cacheRoot: dataCacheDirFor(file) },
    });
    const c = summary.classifier;
    if (!c || c.evaluationMs === undefined) throw new Error(`${name}: no classifier metrics (${summary.error ?? ''})`);
    const share = (c.evaluationMs * c.evaluations!) / 1000 / summary.wallSeconds;
    console.log(
      `${name}: ${steps} steps, ${summary.stepsPerSecond.toFixed(1)} steps/s; ` +
        `evaluations every ${exp.samples.every} steps of ${exp.samples.evaluationCount} samples: ` +
        `${c.evaluationMs.toFixed(0)} ms each, ${(100 * share).toFixed(2)} % of training time` +
        (c.cached ? ' (classifier from the cache)' : `; classifier trained in ${c.trainSeconds.toFixed(1)} s`),
    );
    console.log(`  ${describeImageMetrics(summary)}`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
