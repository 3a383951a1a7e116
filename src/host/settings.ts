// The extension's settings, read in one place. Runs in the extension host.
import * as vscode from 'vscode';
import type { BackendRequest } from '../core/backend/backendNames';

export interface Settings {
  backend: BackendRequest;
  /** WebAssembly threads for training: a count, or 'auto'. */
  wasmThreads: number | 'auto';
  openDashboardOnTrain: boolean;
  /** Folder for run folders, relative to the experiment file's folder. */
  runsFolder: string;
  smoothing: number;
}

/** 'auto', or a whole number of threads from 1 to 8 (anything else is 'auto'). */
function wasmThreadsSetting(v: unknown): number | 'auto' {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8 ? v : 'auto';
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('ganStudio');
  return {
    backend: c.get<BackendRequest>('backend', 'auto'),
    wasmThreads: wasmThreadsSetting(c.get<unknown>('wasmThreads', 'auto')),
    openDashboardOnTrain: c.get<boolean>('openDashboardOnTrain', true),
    runsFolder: c.get<string>('runsFolder', '.gan-runs'),
    smoothing: Math.min(0.999, Math.max(0, c.get<number>('chartSmoothing', 0.6))),
  };
}
