// Entry point: builds the host objects and hands them to VS Code; no logic of its own.
import type * as vscode from 'vscode';
import { GanStudio } from './host/ganStudio';

/** Set by the bundle's first line (see esbuild.js), so activation time includes loading the bundle. */
declare const globalThis: { __ganStudioLoadStart?: number };

export function activate(context: vscode.ExtensionContext) {
  const started = globalThis.__ganStudioLoadStart ?? performance.now();
  const studio = new GanStudio(context);
  context.subscriptions.push(studio);
  return studio.testApi(performance.now() - started);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; trainers checkpoint and exit on disconnect.
}
