// Helpers for tests that run inside VS Code's extension host.
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'gan-studio.gan-studio';

export interface TestApi {
  sessions: {
    get(file: string):
      | {
          status: {
            status: string;
            step: number;
            totalSteps: number;
            backend?: string;
            error?: string;
            stepsPerSecond?: number;
          };
          isRunning: boolean;
          pid?: number;
          kill(): void;
          options: { runDir: string };
        }
      | undefined;
    running(): unknown[];
  };
  dashboards(): Array<{ file: string }>;
  activation: { loadingMs: number; activateMs: number; sinceLoadStartMs: number };
  runsTree: {
    getChildren(node?: unknown): Promise<Array<{ kind: string; file: string; dir?: string }>>;
    getTreeItem(node: unknown): { description?: string | boolean; contextValue?: string };
  };
  compareRuns(dirs: string[]): {
    snapshot(): {
      runs: Array<{ dir: string; metrics: { step: Float64Array } }>;
      parameters: Array<{ path: string; values: string[]; differs: boolean }>;
    };
  };
  useGenerator(file: string, dir: string, what: 'generate' | 'export'): Promise<string | undefined>;
}

export async function api(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspacePath(...parts: string[]): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('no workspace folder open');
  return path.join(root, ...parts);
}

export async function openExperiment(...parts: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(workspacePath(...parts)));
  return vscode.window.showTextDocument(doc);
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Figures the tests measured, printed by the harness after the results. */
export const measurements: string[] = [];
export function measured(line: string): void {
  measurements.push(line);
  console.log(`    ${line}`);
}
