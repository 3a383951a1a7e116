// The extension's settings, read in one place. Runs in the extension host.
import * as vscode from 'vscode';
import type { BackendRequest } from '../core/backend/backendNames';

export interface Settings {
  backend: BackendRequest;
  openDashboardOnTrain: boolean;
  /** Folder for run folders, relative to the experiment file's folder. */
  runsFolder: string;
  smoothing: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('ganStudio');
  return {
    backend: c.get<BackendRequest>('backend', 'auto'),
    openDashboardOnTrain: c.get<boolean>('openDashboardOnTrain', true),
    runsFolder: c.get<string>('runsFolder', '.gan-runs'),
    smoothing: Math.min(0.999, Math.max(0, c.get<number>('chartSmoothing', 0.6))),
  };
}
