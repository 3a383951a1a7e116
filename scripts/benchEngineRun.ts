// One engine measurement for `npm run bench`, in a process of its own: the CLI's training loop
// (runTraining, recording a run folder) of the checkout at --src, so that an earlier commit's
// engine can be measured beside this one with only its own kernels registered.
// Usage: tsx scripts/benchEngineRun.ts --src DIR --example NAME --from N --to M --backend B [--threads T]
// (an earlier engine without WebAssembly threads ignores --threads).
// Prints one JSON line: { stepsPerSecond }.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`--${name} is required`);
  return process.argv[i + 1];
}

async function main() {
  const src = path.resolve(arg('src'));
  const example = arg('example');
  const from = Number(arg('from'));
  const to = Number(arg('to'));
  const backend = arg('backend');
  const { selectBackend } = await import(path.join(src, 'src/core/backend/selectBackend'));
  const { validateExperimentText } = await import(path.join(src, 'src/core/experiment/validateExperiment'));
  const { runTraining } = await import(path.join(src, 'src/core/training/runTraining'));
  const { parseMetricsLines } = await import(path.join(src, 'src/core/run/readRun'));
  const threadsArg = process.argv.indexOf('--threads');
  const threads = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : 1;
  await selectBackend(backend, { threads });
  const logEvery = from < 10 ? 1 : 10;
  const text = fs.readFileSync(path.join(src, 'examples', `${example}.gan.json`), 'utf8');
  const exp = validateExperimentText(text).experiment;
  exp.training.steps = to + logEvery;
  exp.log.every = logEvery;
  // Samples and checkpoints only at the end, after the timed window.
  exp.samples.every = exp.training.steps;
  exp.checkpoint.every = exp.training.steps;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-bench-'));
  try {
    await runTraining({ experiment: exp, runDir, backend: { name: backend, description: backend, skipped: [] } });
    const records = parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')) as Array<{
      step: number;
      wallSeconds: number;
    }>;
    const a = records.find((r) => r.step === from)!;
    const b = records.find((r) => r.step === to)!;
    console.log(JSON.stringify({ stepsPerSecond: (b.step - a.step) / (b.wallSeconds - a.wallSeconds) }));
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
