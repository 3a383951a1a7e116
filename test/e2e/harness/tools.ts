// Installs, on first use, what the real-VS-Code tests need into an ignored cache folder: Node 24
// (npm package node@24) and code-server; finds Chromium. Runs in Node (the test process).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CHROMIUM, CHROMIUM_PATHS, ensureDebianPackages, LIBKRB5_DEV } from './debianPackages';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CACHE = path.join(ROOT, 'test', 'e2e', '.cache');
export const OUTPUT = path.join(ROOT, 'test', 'e2e', 'output');
export const CODE_SERVER_VERSION = '4.139.1';

/** npm's own script, so it can run under another Node (npm puts its Node first on scripts' PATH). */
function npmCli(): string {
  const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return fs.realpathSync(npm);
}

function npmInstall(
  dir: string,
  pkg: Record<string, unknown>,
  node = process.execPath,
  env: NodeJS.ProcessEnv = process.env,
): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, ...pkg }, null, 2));
  console.log(`[harness] npm install in ${path.relative(ROOT, dir)} (first run only)...`);
  execFileSync(node, [npmCli(), 'install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
    env,
  });
}

/** The folder holding the `node` 24 binary that code-server needs. */
export function ensureNode24(): string {
  const dir = path.join(CACHE, 'node24');
  const bin = path.join(dir, 'node_modules', 'node', 'bin');
  if (!fs.existsSync(path.join(bin, 'node')))
    npmInstall(dir, { dependencies: { node: '24' }, allowScripts: { node: true } });
  return bin;
}

/** code-server's launcher, installed with Node 24 first on PATH (its native modules build for it). */
export function ensureCodeServer(): { bin: string; env: NodeJS.ProcessEnv } {
  const nodeBin = ensureNode24();
  // Without the outer `npm run`'s variables, which would point the inner npm back at Node 20.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.PATH = `${nodeBin}${path.delimiter}${process.env.PATH}`;
  const dir = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) {
    ensureDebianPackages([LIBKRB5_DEV], 'code-server');
    npmInstall(
      dir,
      { dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true } },
      path.join(nodeBin, 'node'),
      env,
    );
  }
  return { bin, env };
}

/** Chromium from CHROMIUM_PATH or Debian's package (installed when missing, where it can be). */
export function findChromium(): string {
  ensureDebianPackages([CHROMIUM], 'Driving VS Code in a browser');
  const found = [process.env.CHROMIUM_PATH, ...CHROMIUM_PATHS].find((c) => c && fs.existsSync(c));
  if (!found) throw new Error(`No Chromium at CHROMIUM_PATH (${process.env.CHROMIUM_PATH}): point it at a Chromium.`);
  return found;
}

export function vsixPath(): string {
  const p = path.join(ROOT, 'dist-vsix', 'gan-studio.vsix');
  if (!fs.existsSync(p)) throw new Error('dist-vsix/gan-studio.vsix is missing: run `npm run package` first.');
  return p;
}
