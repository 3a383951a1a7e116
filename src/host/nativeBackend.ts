// "Install native backend": puts @tensorflow/tfjs-node into the extension's global storage with
// npm, so trainers can load native TensorFlow; and the one-time offer to do so.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { npmFailureReason } from './npmFailure';

const PACKAGE = '@tensorflow/tfjs-node@4.22.0';
const OFFERED_KEY = 'ganStudio.nativeBackendOffered';

/** Where the native backend is (or would be) installed. */
export function nativeBackendDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'native-backend');
}

/** The folder to hand trainers, when tfjs-node is installed there. */
export function installedNativeBackend(context: vscode.ExtensionContext): string | undefined {
  const dir = nativeBackendDir(context);
  return fs.existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json')) ? dir : undefined;
}

function runNpm(cwd: string, log: vscode.OutputChannel, token: vscode.CancellationToken): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['install', '--no-save', '--no-audit', '--no-fund', PACKAGE], {
      cwd,
      shell: process.platform === 'win32',
    });
    let output = '';
    const keep = (d: Buffer) => {
      const t = d.toString();
      log.append(t);
      output = (output + t).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    token.onCancellationRequested(() => child.kill());
    child.on('error', (e) =>
      reject(new Error(`npm could not start: ${e.message}. Install Node.js and npm, then try again.`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(npmFailureReason(output, code)));
    });
  });
}

/** Installs tfjs-node with a progress notification; on failure says why and keeps wasm. */
export async function installNativeBackend(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
): Promise<boolean> {
  const dir = nativeBackendDir(context);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json')))
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'GAN Studio: installing the native TensorFlow backend',
        cancellable: true,
      },
      (_progress, token) => runNpm(dir, log, token),
    );
  } catch (err) {
    const message = `Installing the native backend failed: ${(err as Error).message}. Training goes on with the WebAssembly backend.`;
    log.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((a) => {
      if (a) log.show();
    });
    return false;
  }
  void vscode.window.showInformationMessage(
    'GAN Studio: native TensorFlow backend installed. New training runs use it.',
  );
  return true;
}

/** Offers the install once, the first time a run falls back from native TensorFlow. */
export async function offerNativeBackendOnce(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
): Promise<void> {
  if (context.globalState.get<boolean>(OFFERED_KEY) || installedNativeBackend(context)) return;
  await context.globalState.update(OFFERED_KEY, true);
  const choice = await vscode.window.showInformationMessage(
    'GAN Studio is training with WebAssembly because native TensorFlow (@tensorflow/tfjs-node) is not installed. Native TensorFlow is usually several times faster.',
    'Install native backend',
    'Not now',
  );
  if (choice === 'Install native backend') await installNativeBackend(context, log);
}
