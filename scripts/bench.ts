// `npm run bench`: steps per second of the engine (the CLI's training loop, recording a run
// folder) on seed-dense (examples/mnist-dense) and dcgan-mnist (examples/mnist-dcgan), on every
// backend that loads, beside
// - the engine of an earlier commit (the one before the speed work, or --baseline REF), taken from
//   git and measured on the same machine in the same run, each in its own process, in alternating
//   order (this, earlier, earlier, this) so that a busy neighbour weighs on both alike;
// - PyTorch on the CPU (Debian's python3-torch) on the same models with the same work per step,
//   with its default thread count and with 2 threads, when it is installed.
// Options: --baseline REF (a commit; "none" to skip), --pairs N (alternating pairs, 1), --models
// dense,dcgan, --backends tensorflow,wasm,cpu.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BACKEND_NAMES, type BackendName } from '../src/core/backend/backendNames';
import { selectBackend } from '../src/core/backend/selectBackend';

/** The engine before the speed work (its first commit, the profiler, came after this one). */
const SPEED_BASELINE = 'ad70919';

const ROOT = path.join(__dirname, '..');

interface Model {
  key: 'dense' | 'dcgan';
  example: string;
  label: string;
  /** Steps timed per backend: from the first to the second, after the warm-up before it. */
  window: Partial<Record<BackendName, [number, number]>>;
  torchWindow: [number, number];
}
const MODELS: Model[] = [
  {
    key: 'dense',
    example: 'mnist-dense',
    label: 'seed-dense',
    window: { tensorflow: [100, 1100], wasm: [100, 700], cpu: [20, 200] },
    torchWindow: [100, 1100],
  },
  {
    key: 'dcgan',
    example: 'mnist-dcgan',
    label: 'dcgan-mnist',
    window: { tensorflow: [20, 220], wasm: [10, 50], cpu: [2, 4] },
    torchWindow: [10, 110],
  },
];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number | undefined, digits = 2) => (x === undefined ? '—' : x.toFixed(digits));

/** The earlier commit's sources, from git, beside this checkout's node_modules. */
function checkoutBaseline(ref: string): { dir: string; commit: string } | string {
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return `commit ${ref} is not in this checkout (a shallow clone? git fetch --unshallow)`;
  }
  const dir = path.join(os.tmpdir(), `gan-studio-bench-${commit}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    fs.mkdirSync(dir, { recursive: true });
    const archive = spawnSync('git', ['archive', commit, 'src', 'examples', 'package.json'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    if (archive.status !== 0) return `git archive ${commit} failed: ${archive.stderr}`;
    spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  }
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
  return { dir, commit };
}

/** One engine run in its own process; steps/s. */
function engineRate(src: string, backend: BackendName, model: Model, threads = 1): number {
  const [from, to] = model.window[backend]!;
  const args = ['--src', src, '--example', model.example, '--from', `${from}`, '--to', `${to}`, '--backend', backend];
  args.push('--threads', `${threads}`);
  const out = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, 'benchEngineRun.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (out.status !== 0) throw new Error(`engine run failed (${src}): ${out.stderr.trim().split('\n').pop()}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!).stepsPerSecond;
}

interface TorchRate {
  stepsPerSecond: number;
  threads: number;
  version: string;
  blas: string;
}

/** Debian's python3-torch is installed for /usr/bin/python3; a pyenv or venv python may lack it. */
function findTorchPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

function torchRate(python: string, model: Model, threads: number): TorchRate {
  const [from, to] = model.torchWindow;
  const out = spawnSync(
    python,
    [path.join(__dirname, 'bench_torch.py'), model.example, `${from}`, `${to}`, `${threads}`],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`PyTorch run failed: ${out.stderr.trim().split('\n').pop()}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

async function main() {
  const pairs = Number(option('pairs') ?? 1);
  const wanted = (option('models') ?? 'dense,dcgan').split(',');
  const models = MODELS.filter((m) => wanted.includes(m.key));
  const ref = option('baseline') ?? SPEED_BASELINE;
  const baseline = ref === 'none' ? 'skipped (--baseline none)' : checkoutBaseline(ref);
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  console.log(
    `engine: this checkout (${head}); earlier engine: ${typeof baseline === 'string' ? baseline : baseline.commit}`,
  );
  console.log(`${os.cpus().length} logical CPUs (${os.cpus()[0]?.model ?? 'unknown'}), batch 64\n`);

  const rows: string[][] = [];
  const header = ['backend', 'model', 'threads', 'engine', 'earlier', 'ratio', 'runs'];
  const backends = (option('backends') ?? BACKEND_NAMES.join(',')).split(',') as BackendName[];
  for (const backend of backends) {
    try {
      await selectBackend(backend);
    } catch (err) {
      console.log(`${backend}: does not load here (${(err as Error).message})`);
      continue;
    }
    // WebAssembly runs on 1 and on 2 threads (the earlier engine has one thread only).
    const threadCounts = backend === 'wasm' ? [1, 2] : [1];
    for (const model of models) {
      const ours = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
      const theirs: number[] = [];
      const runOurs = (order: number[]) => order.forEach((t) => ours.get(t)!.push(engineRate(ROOT, backend, model, t)));
      for (let p = 0; p < pairs; p++) {
        // this (each thread count), earlier, earlier, this (in reverse)
        runOurs(threadCounts);
        if (typeof baseline !== 'string')
          theirs.push(engineRate(baseline.dir, backend, model), engineRate(baseline.dir, backend, model));
        runOurs([...threadCounts].reverse());
      }
      const b = theirs.length ? mean(theirs) : undefined;
      for (const t of threadCounts) {
        const e = mean(ours.get(t)!);
        const runs = ours.get(t)!.map((x) => fmt(x));
        const row = [
          backend,
          model.label,
          `${t}`,
          fmt(e),
          fmt(b),
          b ? `${fmt(e / b)}x` : '—',
          `this ${runs.join(', ')}; earlier ${theirs.map((x) => fmt(x)).join(', ') || '—'}`,
        ];
        console.log(row.join('  '));
        rows.push(row);
      }
    }
  }

  const python = findTorchPython();
  const torchRows: string[][] = [];
  if (!python) {
    console.log('\nPyTorch: not installed here (Debian: apt-get install python3-torch); no comparison');
  } else {
    for (const model of models) {
      const one = torchRate(python, model, 0);
      const two = torchRate(python, model, 2);
      if (!torchRows.length) console.log(`\nPyTorch ${one.version} (BLAS: ${one.blas})`);
      const best = Math.max(one.stepsPerSecond, two.stepsPerSecond);
      const wasmRates = rows.filter((r) => r[0] === 'wasm' && r[1] === model.label).map((r) => Number(r[3]));
      const engine = wasmRates.length ? Math.max(...wasmRates) : undefined;
      torchRows.push([
        model.label,
        `${fmt(one.stepsPerSecond)} (${one.threads} thread${one.threads > 1 ? 's' : ''}, its default)`,
        `${fmt(two.stepsPerSecond)} (2 threads)`,
        engine ? `${fmt(engine / best)}x` : '—',
      ]);
    }
  }

  console.log('\nsummary: steps/s, batch 64; ratio = this engine / the earlier one');
  printTable(header, rows);
  if (torchRows.length) {
    console.log('');
    printTable(['model', 'PyTorch', 'PyTorch', 'wasm engine (best thread count) / PyTorch best'], torchRows);
  }
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
