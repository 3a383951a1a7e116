// Runs the built `gan-studio` command as a user would, for end-to-end tests of the CLI.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'gan-studio.js');

let built = false;

/** Builds dist/ from the sources once per test process, so the CLI tests never run stale code. */
export function requireBuild(this: Mocha.Context | void): void {
  // scripts/testUnit.js builds once for all its processes.
  if (built || process.env.GAN_STUDIO_BUILT) return;
  if (this && 'timeout' in this) this.timeout(120_000);
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/** Whether @tensorflow/tfjs-node is installed here (it cannot be where its download is blocked). */
export function nativeBackendInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node/package.json', { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `onStdout` sees output as it comes (to send Ctrl-C at the right moment). */
export function startCli(
  args: string[],
  cwd: string,
  onStdout?: (text: string, child: ChildProcess) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix = 'gan-studio-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}
