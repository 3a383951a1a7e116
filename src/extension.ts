// Entry point: builds the host objects and hands them to VS Code; no logic of its own.
import type * as vscode from 'vscode';
import { GanStudio } from './host/ganStudio';

/** Set by the bundle's first and last lines (see esbuild.js), so activation time includes loading
 * the bundle. */
const loadMarks = globalThis as { __ganStudioLoadStart?: number; __ganStudioLoadEnd?: number };

export function activate(context: vscode.ExtensionContext) {
  const started = performance.now();
  const studio = new GanStudio(context);
  context.subscriptions.push(studio);
  // Our cost, as VS Code splits it: loading the code plus the activate call. The time between the
  // two is VS Code preparing the extension's context, which a busy window start can stretch.
  const { __ganStudioLoadStart: loadStart, __ganStudioLoadEnd: loadEnd } = loadMarks;
  const ended = performance.now();
  return studio.testApi({
    loadingMs: loadStart !== undefined && loadEnd !== undefined ? loadEnd - loadStart : 0,
    activateMs: ended - started,
    sinceLoadStartMs: loadStart !== undefined ? ended - loadStart : ended - started,
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; trainers checkpoint and exit on disconnect.
}
