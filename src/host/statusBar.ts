// A status bar item while anything trains: step, speed and ETA; a click opens the dashboard.
import * as path from 'path';
import * as vscode from 'vscode';
import { formatDuration } from '../trainer/progressLine';
import { Disposable } from './disposable';
import { Throttle, UI_REFRESH_MS } from './throttle';
import type { TrainingSessions } from './trainingSessions';

export class TrainingStatusBar extends Disposable {
  /** The file the item's command opens: the command is replaced only when it changes, since a
   * click that lands while VS Code swaps an item's command finds no command to run. */
  private commandFile: string | undefined;
  private readonly item = this._register(
    vscode.window.createStatusBarItem('ganStudio.training', vscode.StatusBarAlignment.Left, 10),
  );

  constructor(private readonly sessions: TrainingSessions) {
    super();
    this.item.name = 'GAN Studio Training';
    const redraw = this._register(new Throttle(() => this.render(), UI_REFRESH_MS));
    this._register(sessions.onDidChange(() => redraw.call()));
  }

  private render(): void {
    const running = this.sessions.running();
    if (!running.length) {
      this.item.hide();
      return;
    }
    const s = running[0];
    const st = s.status;
    const name = path.basename(s.options.file).replace(/\.gan\.json$/, '');
    const more = running.length > 1 ? ` (+${running.length - 1})` : '';
    const speed = st.paused
      ? ' · paused'
      : st.stepsPerSecond
        ? ` · ${st.stepsPerSecond.toFixed(1)} steps/s · ETA ${formatDuration(st.etaSeconds ?? NaN)}`
        : '';
    const alarm = st.alarms?.[st.alarms.length - 1];
    const text = `${alarm ? '$(warning)' : st.paused ? '$(debug-pause)' : '$(pulse)'} ${name} ${st.step}/${st.totalSteps}${speed}${more}`;
    if (this.item.text !== text) this.item.text = text;
    const warning = alarm ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (this.item.backgroundColor?.id !== warning?.id) this.item.backgroundColor = warning;
    const alarmTip = alarm ? ` Warning at step ${alarm.step}: ${alarm.message}` : '';
    const tooltip = `GAN Studio: training ${name} on ${st.backendDescription ?? 'starting backend'}.${alarmTip} Click to open its dashboard.`;
    if (this.item.tooltip !== tooltip) this.item.tooltip = tooltip;
    if (this.commandFile !== s.options.file) {
      this.commandFile = s.options.file;
      this.item.command = {
        title: 'Open Dashboard',
        command: 'ganStudio.openDashboard',
        arguments: [vscode.Uri.file(s.options.file)],
      };
    }
    this.item.show();
  }
}
