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

function runNpm(cwd: string, log: vscode.OutputChannel, token?: vscode.CancellationToken): Promise<void> {
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
    token?.onCancellationRequested(() => child.kill());
    child.on('error', (e) =>
      reject(new Error(`npm could not start: ${e.message}. Install Node.js and npm, then try again.`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(npmFailureReason(output, code)));
    });
  });
}

/** Installs tfjs-node into the extension's storage; rejects with npm's reason in one sentence. */
export function installNativeBackendPackage(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
  token?: vscode.CancellationToken,
): Promise<void> {
  const dir = nativeBackendDir(context);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'package.json')))
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  log.appendLine(`Installing ${PACKAGE} into ${dir}`);
  return runNpm(dir, log, token);
}

/** The sentence for a failed install, and what training does instead. */
export function nativeInstallFailed(err: unknown): string {
  return `Installing native TensorFlow failed: ${(err as Error).message}. Training goes on with the WebAssembly backend.`;
}

export const NATIVE_INSTALLED = 'Native TensorFlow is installed: new training runs use it.';

/** Installs tfjs-node with a progress notification; on failure says why and keeps wasm. */
export async function installNativeBackend(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
): Promise<boolean> {
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'GAN Studio: installing the native TensorFlow backend',
        cancellable: true,
      },
      (_progress, token) => installNativeBackendPackage(context, log, token),
    );
  } catch (err) {
    const message = nativeInstallFailed(err);
    log.appendLine(message);
    void vscode.window.showErrorMessage(`GAN Studio: ${message}`, 'Show Log').then((a) => {
      if (a) log.show();
    });
    return false;
  }
  void vscode.window.showInformationMessage(`GAN Studio: ${NATIVE_INSTALLED}`);
  return true;
}

export const NATIVE_OFFER =
  'Training with WebAssembly because native TensorFlow (@tensorflow/tfjs-node) is not installed. Native TensorFlow is usually several times faster.';

/** Whether the one-time offer is still to be made; marks it made. */
export async function takeNativeOffer(context: vscode.ExtensionContext): Promise<boolean> {
  if (context.globalState.get<boolean>(OFFERED_KEY) || installedNativeBackend(context)) return false;
  await context.globalState.update(OFFERED_KEY, true);
  return true;
}

/** The offer as a notification, where no dashboard shows the run. */
export async function offerNativeBackendByNotification(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `GAN Studio: ${NATIVE_OFFER}`,
    'Install native backend',
    'Not now',
  );
  if (choice === 'Install native backend') await installNativeBackend(context, log);
}
