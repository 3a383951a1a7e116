// The `gan-studio` command line: validate and train `.gan.json` experiments headless.
// Runs in Node; no VS Code API.
import * as path from 'path';
import { formatDiagnostic } from '../core/experiment/diagnostic';
import { BACKEND_NAMES, selectBackend, type BackendRequest } from '../core/backend/selectBackend';
import { createRunDir, dataCacheDirFor, describeFsError, prepareRunDir, runsDirFor } from '../core/run/runFolder';
import { runTraining } from '../core/training/runTraining';
import { loadExperiment, type Overrides } from './loadExperiment';
import { progressLine } from './progressLine';

const USAGE = `Usage:
  gan-studio train FILE [--out RUN_DIR] [--steps N] [--backend auto|tensorflow|wasm|cpu] [--seed N]
  gan-studio validate FILE

Exit codes: 0 success; 1 invalid experiment, usage, or a run folder that cannot be made
(nothing written);
2 training failed (the run folder is kept, marked failed); 130 interrupted (stopped with a checkpoint).`;

export const EXIT = { ok: 0, invalid: 1, failed: 2, interrupted: 130 } as const;

interface Args {
  command?: string;
  file?: string;
  out?: string;
  backend: BackendRequest;
  overrides: Overrides;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { backend: 'auto', overrides: {} };
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
  return args;
}

async function train(args: Args, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  const file = args.file!;
  const loaded = loadExperiment(file, args.overrides);
  if (!loaded.ok) {
    err.write(loaded.message + '\n');
    return EXIT.invalid;
  }
  for (const w of loaded.warnings) err.write(formatDiagnostic(file, w) + '\n');
  const exp = loaded.experiment;
  let backend;
  try {
    backend = await selectBackend(args.backend);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return EXIT.failed;
  }
  let runDir: string;
  if (args.out !== undefined) {
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
  out.write(
    `Training ${exp.name}: ${exp.training.steps} steps on backend ${backend.description}\nRun folder: ${runDir}\n`,
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
        dataset: { baseDir: path.dirname(path.resolve(file)), cacheRoot: dataCacheDirFor(file) },
        listener: {
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
    return summary.status === 'stopped' ? EXIT.interrupted : EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
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
  if ((args.command === 'train' || args.command === 'validate') && !args.file) {
    err.write(`${args.command} needs an experiment file.\n\n${USAGE}\n`);
    return EXIT.invalid;
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
