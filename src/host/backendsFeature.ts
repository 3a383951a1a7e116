// The Backends feature: Show Backend Info, Install Native Backend, and what a run's backend choice
// tells the user (the one-time offer, or why an installed native backend did not load).
// Runs in the extension host.
import * as vscode from 'vscode';
import type { TrainerStarted } from '../shared/trainerProtocol';
import { probeBackend } from './backendProbe';
import { Disposable } from './disposable';
import { installedNativeBackend, installNativeBackend, offerNativeBackendOnce } from './nativeBackend';
import { shouldOfferNativeBackend } from './nativeOffer';
import { readSettings } from './settings';

export class BackendsFeature extends Disposable {
  private brokenNativeReported = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.OutputChannel,
    private readonly trainerScript: string,
  ) {
    super();
    this._register(vscode.commands.registerCommand('ganStudio.showBackendInfo', () => this.showBackendInfo()));
    this._register(
      vscode.commands.registerCommand('ganStudio.installNativeBackend', () =>
        installNativeBackend(this.context, this.log),
      ),
    );
  }

  /** Where "Install Native Backend" put tfjs-node, for the trainers to load. */
  tfjsNodePath(): string | undefined {
    return installedNativeBackend(this.context);
  }

  /** A trainer has chosen its backend under the `ganStudio.backend` request `request`. */
  onRunStarted(started: TrainerStarted, request: string): void {
    if (shouldOfferNativeBackend(request, started.backend, started.skipped)) {
      void offerNativeBackendOnce(this.context, this.log);
      return;
    }
    const broken = started.skipped.find((s) => s.name === 'tensorflow' && s.reason.startsWith('installed'));
    if (broken && !this.brokenNativeReported) {
      this.brokenNativeReported = true;
      void vscode.window
        .showWarningMessage(
          `GAN Studio: native TensorFlow (@tensorflow/tfjs-node) is ${broken.reason}. Training uses ${started.backend} instead.`,
          'Show Log',
        )
        .then((a) => {
          if (a) this.log.show();
        });
    }
  }

  async showBackendInfo(): Promise<string> {
    const settings = readSettings();
    const native = this.tfjsNodePath();
    let text: string;
    try {
      const description = await probeBackend(this.trainerScript, settings.backend, native);
      text = `GAN Studio trains on ${description}. Setting ganStudio.backend: ${settings.backend}.`;
    } catch (err) {
      text = `GAN Studio: backend ${settings.backend} cannot start: ${(err as Error).message}`;
    }
    this.log.appendLine(text);
    const actions = native || settings.backend !== 'auto' ? [] : ['Install native backend'];
    void vscode.window.showInformationMessage(text, ...actions).then((a) => {
      if (a) void installNativeBackend(this.context, this.log);
    });
    return text;
  }
}
