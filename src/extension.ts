// Entry point: builds the host objects and hands them to VS Code; no logic of its own.
import type * as vscode from 'vscode';
import { GanStudio } from './host/ganStudio';

export function activate(context: vscode.ExtensionContext) {
  const studio = new GanStudio(context);
  context.subscriptions.push(studio);
  return studio.testApi;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; trainers checkpoint and exit on disconnect.
}
