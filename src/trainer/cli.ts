// The `gan-studio` command line: validate and train `.gan.json` experiments headless.
// Runs in Node; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import { formatDiagnostic } from '../core/experiment/diagnostic';
import { BACKEND_NAMES, selectBackend, type BackendChoice, type BackendRequest } from '../core/backend/selectBackend';
import { MAX_THREADS } from '../core/backend/wasmThreads';
import { describeThreadDecision } from '../core/training/threadTuner';
import type { Experiment } from '../core/experiment/types';
import { createRunDir, dataCacheDirFor, describeFsError, prepareRunDir, runsDirFor } from '../core/run/runFolder';
import { runTraining } from '../core/training/runTraining';
import { formatProfile, profileTraining } from '../core/training/profileTraining';
import { loadExperiment, type Overrides } from './loadExperiment';
import { describeImageMetrics, progressLine } from './progressLine';
import { describeIntervention } from '../shared/describeIntervention';
import { readRun } from '../core/run/readRun';
import { INTERVENTIONS_FILE, type Intervention } from '../core/run/runRecords';
import { changesTraining } from '../core/training/interventions';
import { parameterDifferences, describeDifference } from '../core/experiment/parameterDiff';
import { checkStartFrom } from './startPoint';
import { exportGenerator } from '../core/generate/exportGenerator';
import { generateSamples } from '../core/generate/generateSamples';
import { loadRunGenerator, NoGeneratorError } from '../core/generate/runGenerator';

const USAGE = `Usage:
  gan-studio train FILE [--out RUN_DIR] [--steps N] [--backend auto|tensorflow|wasm|cpu] [--seed N]
                   [--threads auto|N]                  WebAssembly threads (auto: 2 or more where there are)
  gan-studio train FILE --resume RUN_DIR [--steps N]   continue a stopped or failed run exactly
  gan-studio train FILE --fork RUN_DIR [--out RUN_DIR]  a new run from that run's checkpoint
  gan-studio train FILE --replay RUN_DIR [--out RUN_DIR]  a new run with that run's interventions
  gan-studio generate RUN_DIR --out DIR [--count N] [--seed N] [--interpolate A,B [--frames N]]
  gan-studio export RUN_DIR --out DIR                   the generator, for tf.loadLayersModel
  gan-studio validate FILE
  gan-studio profile FILE [--steps N] [--backend B] [--threads T]   milliseconds a step by kernel

Exit codes: 0 success; 1 invalid experiment, usage, or a run folder that cannot be made
(nothing written);
2 training failed (the run folder is kept, marked failed); 130 interrupted (stopped with a checkpoint).`;

export const EXIT = { ok: 0, invalid: 1, failed: 2, interrupted: 130 } as const;

interface Args {
  command?: string;
  file?: string;
  out?: string;
  resume?: string;
  fork?: string;
  replay?: string;
  count?: number;
  interpolate?: { from: number; to: number };
  frames?: number;
  backend: BackendRequest;
  threads: number | 'auto';
  overrides: Overrides;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: 'auto', threads: 'auto', overrides: {} };
  const positional: string[] = [];
  const intArg = (flag: string, v: string | undefined, min: number): number => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min)
      throw new UsageError(`${flag} needs a whole number of at least ${min}, got ${v ?? 'nothing'}.`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--out':
        args.out = value();
        if (!args.out) throw new UsageError('--out needs a folder.');
        break;
      case '--resume':
      case '--fork':
      case '--replay': {
        const dir = value();
        if (!dir) throw new UsageError(`${flag} needs a run folder.`);
        args[flag.slice(2) as 'resume' | 'fork' | 'replay'] = dir;
        break;
      }
      case '--count':
        args.count = intArg('--count', value(), 1);
        if (args.count > 10_000) throw new UsageError(`--count is at most 10000, got ${args.count}.`);
        break;
      case '--frames':
        args.frames = intArg('--frames', value(), 2);
        if (args.frames > 100) throw new UsageError(`--frames is at most 100, got ${args.frames}.`);
        break;
      case '--interpolate': {
        const v = value();
        const m = v === undefined ? null : /^(\d+),(\d+)$/.exec(v);
        if (!m) throw new UsageError(`--interpolate needs two seeds as A,B (for example 1,2), got ${v ?? 'nothing'}.`);
        args.interpolate = { from: Number(m[1]), to: Number(m[2]) };
        break;
      }
      case '--steps':
        args.overrides.steps = intArg('--steps', value(), 1);
        break;
      case '--seed':
        args.overrides.seed = intArg('--seed', value(), 0);
        break;
      case '--backend': {
        const b = value();
        if (b !== 'auto' && !BACKEND_NAMES.includes(b as never))
          throw new UsageError(`--backend must be auto, ${BACKEND_NAMES.join(', ')}; got ${b ?? 'nothing'}.`);
        args.backend = b as BackendRequest;
        break;
      }
      case '--threads': {
        const t = value();
        if (t === 'auto') args.threads = 'auto';
        else if (t !== undefined && /^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_THREADS)
          args.threads = Number(t);
        else
          throw new UsageError(
            `--threads needs auto or a whole number from 1 to ${MAX_THREADS}, got ${t ?? 'nothing'}.`,
          );
        break;
      }
      case '-h':
      case '--help':
        args.command = 'help';
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
        positional.push(a);
    }
  }
  args.command ??= positional[0];
  args.file = positional[1];
  if (args.resume !== undefined && (args.fork !== undefined || args.out !== undefined))
    throw new UsageError('--resume continues the run in its own folder: it takes neither --fork nor --out.');
  if (args.replay !== undefined && (args.resume !== undefined || args.fork !== undefined))
    throw new UsageError('--replay starts a new run from step 0: it takes neither --resume nor --fork.');
  if (args.resume !== undefined && args.overrides.seed !== undefined)
    throw new UsageError("--resume keeps the run's seed: fork the run to train it with another seed.");
  return args;
}

/**
 * The interventions of the run folder `dir` to replay, or the exit code with its reason written.
 * A run of another experiment is replayed too (that may be the point), with a warning of what
 * differs: only the same experiment, seed and backend reproduce the run exactly.
 */
function replayOf(dir: string, exp: Experiment, err: NodeJS.WriteStream): Intervention[] | number {
  const run = path.resolve(dir);
  if (!fs.existsSync(path.join(run, 'experiment.json'))) {
    err.write(`--replay ${dir}: ${run} is not a run folder (it has no experiment.json).\n`);
    return EXIT.invalid;
  }
  const record = readRun(run);
  const replayed = record.interventions.filter(changesTraining);
  if (!replayed.length) {
    err.write(
      `--replay ${dir}: the run has no interventions to replay (${INTERVENTIONS_FILE} is missing or holds none that change training).\n`,
    );
    return EXIT.invalid;
  }
  const { backend: _backend, ...recorded } = record.experiment ?? {};
  const differences = parameterDifferences(recorded, exp).filter((d) => d.path !== 'name');
  if (differences.length)
    err.write(
      `warning: --replay ${dir}: the experiment differs from the run's (${differences.slice(0, 3).map(describeDifference).join('; ')}${differences.length > 3 ? '; ...' : ''}): the replay will not repeat the run exactly.\n`,
    );
  return replayed;
}

/** The experiment, checked, and the backend to run it on; or the exit code, its reason written. */
async function experimentAndBackend(
  file: string,
  overrides: Overrides,
  request: BackendRequest,
  threads: number | 'auto',
  err: NodeJS.WriteStream,
): Promise<{ exp: Experiment; backend: BackendChoice } | number> {
  const loaded = loadExperiment(file, overrides);
  if (!loaded.ok) {
    err.write(loaded.message + '\n');
    return EXIT.invalid;
  }
  for (const w of loaded.warnings) err.write(formatDiagnostic(file, w) + '\n');
  try {
    return { exp: loaded.experiment, backend: await selectBackend(request, { threads }) };
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return EXIT.failed;
  }
}

async function train(args: Args, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const file = args.file!;
  const ready = await experimentAndBackend(file, args.overrides, args.backend, args.threads, err);
  if (typeof ready === 'number') return ready;
  const { exp, backend } = ready;
  const startFrom = args.resume
    ? { runDir: path.resolve(args.resume), mode: 'resume' as const }
    : args.fork
      ? { runDir: path.resolve(args.fork), mode: 'fork' as const }
      : undefined;
  const from = startFrom && checkStartFrom(startFrom, exp);
  if (from && !from.ok) {
    err.write(`--${startFrom!.mode} ${args.resume ?? args.fork}: ${from.message}.\n`);
    return EXIT.invalid;
  }
  const replay = args.replay !== undefined ? replayOf(args.replay, exp, err) : undefined;
  if (typeof replay === 'number') return replay;
  let runDir: string;
  if (startFrom?.mode === 'resume') runDir = startFrom.runDir;
  else if (args.out !== undefined) {
    runDir = path.resolve(args.out);
    const problem = prepareRunDir(runDir);
    if (problem) {
      err.write(`--out ${args.out}: ${problem}. Choose another folder.\n`);
      return EXIT.invalid;
    }
  } else {
    const runsDir = runsDirFor(file, exp.name);
    try {
      runDir = createRunDir(runsDir);
    } catch (e) {
      err.write(
        `Cannot create a run folder in ${runsDir}: ${describeFsError(e)}. Pass --out with a folder you can write to.\n`,
      );
      return EXIT.invalid;
    }
  }
  const fromStep = from?.ok ? from.point.state.step : undefined;
  out.write(
    (startFrom?.mode === 'resume'
      ? `Resuming ${exp.name} at step ${fromStep} of ${exp.training.steps} on backend ${backend.description}\n`
      : startFrom?.mode === 'fork'
        ? `Forking ${exp.name} from ${startFrom.runDir} at step ${fromStep}: ${exp.training.steps} steps on backend ${backend.description}\n`
        : `Training ${exp.name}: ${exp.training.steps} steps on backend ${backend.description}\n`) +
      `Run folder: ${runDir}\n`,
  );

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait
    interrupted = true;
    err.write('\nStopping at the next step (Ctrl-C again to quit at once)...\n');
  };
  process.on('SIGINT', onSigint);
  const tty = out.isTTY === true;
  let lastPrint = 0;
  try {
    let summary;
    try {
      summary = await runTraining({
        experiment: exp,
        runDir,
        backend,
        shouldStop: () => interrupted,
        startFrom: from?.ok ? { point: from.point, mode: startFrom!.mode } : undefined,
        replay,
        dataset: { baseDir: path.dirname(path.resolve(file)), cacheRoot: dataCacheDirFor(file) },
        listener: {
          onPreparing(message) {
            out.write(`${message}...\n`);
          },
          onIntervention(intervention) {
            out.write(
              `${tty ? '\r\x1b[K' : ''}replayed after step ${intervention.step}: ${describeIntervention(intervention)}\n`,
            );
          },
          onThreads(decision) {
            out.write(`${tty ? '\r\x1b[K' : ''}WebAssembly threads: ${describeThreadDecision(decision)}\n`);
          },
          onAlarm(alarm) {
            // On its own line, also under a live progress line.
            err.write(`${tty ? '\r\x1b[K' : ''}warning at step ${alarm.step}: ${alarm.message} ${alarm.remedy}\n`);
          },
          onMetrics(record, p) {
            const line = progressLine(record, exp.training.steps, p.stepsPerSecond, p.etaSeconds, p.skipped);
            const t = Date.now();
            if (tty) out.write(`\r\x1b[K${line}`);
            else if (
              t - lastPrint > 2000 ||
              record.modesCovered !== undefined ||
              record.mmd !== undefined ||
              record.step === exp.training.steps
            ) {
              out.write(line + '\n');
              lastPrint = t;
            }
          },
        },
      });
    } catch (e) {
      // Only making the run's first files can throw (a full disk, a folder taken away); later
      // failures end in a summary marked failed.
      if (tty) out.write('\n');
      err.write(`Cannot write the run folder ${runDir}: ${describeFsError(e)}.\n`);
      return EXIT.failed;
    }
    if (tty) out.write('\n');
    const m = summary.metrics;
    const quality =
      m.modesCovered !== undefined
        ? `, ${m.modesCovered}/${m.modeCount} modes, ${(100 * (m.highQualityFraction ?? 0)).toFixed(1)}% high quality`
        : '';
    const line = `${summary.status}: ${summary.steps}/${summary.totalSteps} steps in ${summary.wallSeconds.toFixed(1)} s (${summary.stepsPerSecond.toFixed(1)} steps/s, ${summary.backend})${quality}`;
    if (summary.status === 'failed') {
      err.write(
        `${line}\n${summary.error}\nRun folder kept: ${runDir}` +
          (summary.checkpointStep !== undefined ? ` (last good checkpoint at step ${summary.checkpointStep})` : '') +
          '\n',
      );
      return EXIT.failed;
    }
    out.write(line + '\n');
    const imageMetrics = describeImageMetrics(summary);
    if (imageMetrics) out.write(imageMetrics + '\n');
    return summary.status === 'stopped' ? EXIT.interrupted : EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** profile: where a training step's time goes, by kernel, on the chosen backend. Writes nothing. */
async function profile(args: Args, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const file = args.file!;
  const steps = args.overrides.steps ?? 20;
  const ready = await experimentAndBackend(
    file,
    { ...args.overrides, steps: undefined },
    args.backend,
    args.threads,
    err,
  );
  if (typeof ready === 'number') return ready;
  const { exp, backend } = ready;
  out.write(
    `Profiling ${exp.name} (batch ${exp.training.batchSize}, ${exp.training.dSteps} D step${exp.training.dSteps === 1 ? '' : 's'} a step) on backend ${backend.description}\n`,
  );
  try {
    const result = await profileTraining(exp, {
      steps,
      dataset: { baseDir: path.dirname(path.resolve(file)), cacheRoot: dataCacheDirFor(file) },
    });
    out.write(formatProfile(result) + '\n');
    return EXIT.ok;
  } catch (e) {
    err.write(`Profiling ${exp.name} failed: ${(e as Error).message}\n`);
    return EXIT.failed;
  }
}

/** generate and export: what a trained run's generator makes, or the generator itself. */
async function useGenerator(args: Args, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const runDir = path.resolve(args.file!);
  const outDir = path.resolve(args.out!);
  const problem = args.command === 'export' ? prepareRunDir(outDir) : undefined;
  if (problem) {
    err.write(`--out ${args.out}: ${problem}. Choose another folder.\n`);
    return EXIT.invalid;
  }
  try {
    await selectBackend(args.backend, { threads: args.threads });
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return EXIT.failed;
  }
  let generator;
  try {
    generator = await loadRunGenerator(runDir);
  } catch (e) {
    if (!(e instanceof NoGeneratorError)) throw e;
    err.write(`${args.file}: ${e.message}.\n`);
    return EXIT.invalid;
  }
  try {
    if (args.command === 'export') {
      const exported = await exportGenerator(generator, outDir);
      out.write(
        `Exported the generator of ${generator.name} (step ${generator.step}) to ${exported.dir}: ${exported.files.join(', ')}\n` +
          `Latent: ${generator.latent.dim} values, ${generator.latent.distribution}; output [${generator.outputShape.join(', ')}] in [-1, 1]. See its README.md.\n`,
      );
      return EXIT.ok;
    }
    const count = args.count ?? 64;
    const seed = args.overrides.seed ?? 1;
    const made = generateSamples(generator, outDir, {
      count,
      seed,
      interpolate: args.interpolate && { ...args.interpolate, frames: args.frames ?? 10 },
    });
    const each = made.kind === 'images' ? `sample-*.png (one per sample)` : 'samples.csv (one row per sample)';
    out.write(
      `Generated ${count} samples of ${generator.name} (step ${generator.step}, seed ${seed}) in ${outDir}:\n` +
        `  ${made.grid} (all of them), ${each}, latents.csv (the latent vector of each)` +
        `${made.interpolation ? `, ${made.interpolation} (from seed ${args.interpolate!.from} to ${args.interpolate!.to})` : ''}\n`,
    );
    return EXIT.ok;
  } catch (e) {
    err.write(`Cannot write to ${outDir}: ${describeFsError(e)}.\n`);
    return EXIT.failed;
  } finally {
    generator.model.dispose();
  }
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.invalid;
  }
  if (args.command === 'help' || !args.command) {
    (args.command ? out : err).write(USAGE + '\n');
    return args.command ? EXIT.ok : EXIT.invalid;
  }
  if ((args.command === 'train' || args.command === 'validate' || args.command === 'profile') && !args.file) {
    err.write(`${args.command} needs an experiment file.\n\n${USAGE}\n`);
    return EXIT.invalid;
  }
  if (args.command === 'generate' || args.command === 'export') {
    if (!args.file || !args.out) {
      err.write(`${args.command} needs a run folder and --out DIR.\n\n${USAGE}\n`);
      return EXIT.invalid;
    }
    return useGenerator(args, out, err);
  }
  if (args.command === 'validate') {
    const loaded = loadExperiment(args.file!, args.overrides);
    if (!loaded.ok) {
      err.write(loaded.message + '\n');
      return EXIT.invalid;
    }
    for (const w of loaded.warnings) err.write(formatDiagnostic(args.file!, w) + '\n');
    out.write(`${args.file}: valid experiment "${loaded.experiment.name}".\n`);
    return EXIT.ok;
  }
  if (args.command === 'train') return train(args, out, err);
  if (args.command === 'profile') return profile(args, out, err);
  err.write(`Unknown command ${args.command}.\n\n${USAGE}\n`);
  return EXIT.invalid;
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // A bug of ours: one sentence for the user, the stack only when asked for.
      const detail = process.env.GAN_STUDIO_DEBUG ? (e instanceof Error ? e.stack : String(e)) : describeFsError(e);
      process.stderr.write(`gan-studio: unexpected error: ${detail}\n(Set GAN_STUDIO_DEBUG=1 for the stack trace.)\n`);
      process.exitCode = EXIT.failed;
    },
  );
}

if (require.main === module) runFromProcess();
