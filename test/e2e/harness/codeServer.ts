// Starts a real VS Code (code-server) on a free loopback port with a fresh profile, the packaged
// extension installed and a workspace copied from examples/ and test/fixtures/; stops every process
// it started. Runs in Node (the test process).
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { ensureCodeServer, ROOT, vsixPath } from './tools';

export interface CodeServer {
  url: string;
  workspace: string;
  userData: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Extra extensions (folders) to install beside the packaged one, e.g. the test runner. */
  extraExtensions?: string[];
  env?: NodeJS.ProcessEnv;
  /** Keep the log quiet unless something fails. */
  verbose?: boolean;
  port?: number;
  /** false opens the workspace in Restricted Mode (Workspace Trust on, never trusted). */
  trusted?: boolean;
  /**
   * A workspace folder of its own, kept between starts (the demo's): filled from examples/ when it
   * does not exist yet. Without one, a fresh copy of examples/ and test/fixtures/ in a temp folder.
   */
  workspace?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !src.includes(`${path.sep}.gan-runs`) });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms:\n${log()}`);
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const { bin, env } = ensureCodeServer();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-studio-vscode-'));
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  const workspace = options.workspace ?? path.join(base, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const trusted = options.trusted ?? true;
  // No telemetry, no update checks, no welcome page, no trust prompt: a quiet, repeatable profile.
  // Untrusted, the folder opens in Restricted Mode without asking.
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': !trusted,
        'security.workspace.trust.startupPrompt': 'never',
        'workbench.tips.enabled': false,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'window.restoreWindows': 'none',
        'editor.codeLens': true,
        'git.enabled': false,
        'files.autoSave': 'off',
      },
      null,
      2,
    ),
  );
  if (!options.workspace) {
    copyDir(path.join(ROOT, 'examples'), workspace);
    copyDir(path.join(ROOT, 'test', 'fixtures'), path.join(workspace, 'fixtures'));
  } else if (!fs.existsSync(workspace)) {
    copyDir(path.join(ROOT, 'examples'), workspace);
  }

  const runEnv = { ...env, ...options.env };
  for (const ext of [vsixPath()]) {
    await new Promise<void>((resolve, reject) => {
      const p = spawn(bin, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', ext], {
        env: runEnv,
        stdio: 'pipe',
      });
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.stderr.on('data', (d) => {
        out += d;
      });
      p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`installing ${ext} failed:\n${out}`))));
    });
  }
  // Folder extensions (the test runner) are copied in and listed in extensions.json, since
  // --install-extension takes only VSIX files and VS Code drops folders it has no record of.
  for (const folder of options.extraExtensions ?? []) {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      version: string;
    };
    const id = `${manifest.publisher}.${manifest.name}`;
    const target = path.join(extensions, `${id}-${manifest.version}`);
    fs.cpSync(folder, target, { recursive: true });
    const registry = path.join(extensions, 'extensions.json');
    const entries = fs.existsSync(registry) ? (JSON.parse(fs.readFileSync(registry, 'utf8')) as unknown[]) : [];
    entries.push({
      identifier: { id },
      version: manifest.version,
      location: { $mid: 1, fsPath: target, external: `file://${target}`, path: target, scheme: 'file' },
      relativeLocation: path.basename(target),
      metadata: { installedTimestamp: Date.now(), source: 'vsix' },
    });
    fs.writeFileSync(registry, JSON.stringify(entries));
  }
  const port = options.port ?? (await freePort());
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    workspace,
  ];
  let log = '';
  const child = spawn(bin, args, { env: runEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const keep = (d: Buffer) => {
    log += d;
    if (options.verbose) process.stderr.write(d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, workspace, userData, stop };
}
