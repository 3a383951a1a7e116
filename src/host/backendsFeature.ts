// The Backends feature: Show Backend Info, Install Native Backend, and what a run's backend choice
// tells the user (the one-time offer, or why an installed native backend did not load).
// Runs in the extension host.
import * as vscode from 'vscode';
import type { TrainerStarted } from '../shared/trainerProtocol';
import type { BackendNotice } from '../shared/webviewProtocol';
import { probeBackend } from './backendProbe';
import { Disposable } from './disposable';
import {
  installedNativeBackend,
  installNativeBackend,
  installNativeBackendPackage,
  NATIVE_INSTALLED,
  NATIVE_OFFER,
  nativeInstallFailed,
  offerNativeBackendByNotification,
  takeNativeOffer,
} from './nativeBackend';
import { shouldOfferNativeBackend } from './nativeOffer';
import { readSettings } from './settings';

export class BackendsFeature extends Disposable {
  private brokenNativeReported = false;
  private notice: BackendNotice | undefined;
  private readonly noticeChanged = this._register(new vscode.EventEmitter<BackendNotice | undefined>());
  /** The offer, or the install it led to, as the dashboards show it in their header. */
  readonly onDidChangeNotice = this.noticeChanged.event;

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

  get currentNotice(): BackendNotice | undefined {
    return this.notice;
  }

  /** A trainer has chosen its backend under the `ganStudio.backend` request `request`;
   * `dashboardShown` says whether a dashboard shows the run, where the offer can sit in the header. */
  onRunStarted(started: TrainerStarted, request: string, dashboardShown: boolean): void {
    if (shouldOfferNativeBackend(request, started.backend, started.skipped)) {
      void takeNativeOffer(this.context).then((offer) => {
        if (!offer) return;
        if (dashboardShown) this.setNotice({ state: 'offered', text: NATIVE_OFFER });
        else void offerNativeBackendByNotification(this.context, this.log);
      });
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

  /** "Install native backend" pressed in a dashboard: the install's progress and result stay there. */
  async installFromDashboard(): Promise<void> {
    if (this.notice?.state === 'installing') return;
    this.setNotice({
      state: 'installing',
      text: 'Installing native TensorFlow (@tensorflow/tfjs-node) with npm. The GAN Studio log shows its progress.',
    });
    try {
      await installNativeBackendPackage(this.context, this.log);
      this.log.appendLine(NATIVE_INSTALLED);
      this.setNotice({ state: 'installed', text: NATIVE_INSTALLED });
    } catch (err) {
      const message = nativeInstallFailed(err);
      this.log.appendLine(message);
      this.setNotice({ state: 'failed', text: message });
    }
  }

  dismissNotice(): void {
    if (this.notice?.state !== 'installing') this.setNotice(undefined);
  }

  showLog(): void {
    this.log.show(true);
  }

  private setNotice(notice: BackendNotice | undefined): void {
    this.notice = notice;
    this.noticeChanged.fire(notice);
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
