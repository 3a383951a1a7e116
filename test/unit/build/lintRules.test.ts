import * as assert from 'assert';
import { ESLint } from 'eslint';
import { ROOT } from '../../helpers/cli';

/** Each boundary of the architecture, and a line that crosses it where it is enforced. */
const crossings: Array<[string, string, string]> = [
  ['src/core/x.ts', "import * as vscode from 'vscode'; export const a = vscode;", 'no-restricted-imports'],
  ['src/trainer/x.ts', "import * as vscode from 'vscode'; export const a = vscode;", 'no-restricted-imports'],
  ['src/core/x.ts', 'export const a = () => document.title;', 'no-restricted-globals'],
  ['src/shared/x.ts', "import * as fs from 'fs'; export const a = fs;", 'no-restricted-imports'],
  ['webview/x.ts', "import * as tf from '@tensorflow/tfjs-core'; export const a = tf;", 'no-restricted-imports'],
  ['src/host/x.ts', "import * as tf from '@tensorflow/tfjs-core'; export const a = tf;", 'no-restricted-imports'],
  [
    'src/host/x.ts',
    "import { runTraining } from '../core/training/runTraining'; export const a = runTraining;",
    'no-restricted-imports',
  ],
  [
    'src/host/x.ts',
    "import { RunStore } from '../core/run/runStore'; export const a = RunStore;",
    'no-restricted-imports',
  ],
  ['webview/x.ts', 'export const a = Math.random();', 'no-restricted-properties'],
  ['src/host/x.ts', 'export const csp = "script-src \'unsafe-inline\'";', 'no-restricted-syntax'],
  // Built from parts, so a search for focused tests does not find this one, which only lints.
  ['test/unit/x.test.ts', ['it', 'only'].join('.') + "('x', () => undefined);", 'no-restricted-syntax'],
  ['src/core/x.ts', "console.log('x');", 'no-console'],
];

describe('the architecture as lint rules', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT });

  for (const [file, code, rule] of crossings) {
    it(`${rule} stops \`${code.slice(0, 60)}\` in ${file}`, async () => {
      const [result] = await eslint.lintText(code, { filePath: file });
      assert.deepStrictEqual(
        result.messages.map((m) => m.ruleId),
        [rule],
      );
    });
  }

  it('lets the host use the TensorFlow-free core modules', async () => {
    const [result] = await eslint.lintText(
      "import { runsDirFor } from '../core/run/runFolder'; import { probeData } from '../core/data/files/probeData'; export const a = [runsDirFor, probeData];",
      { filePath: 'src/host/x.ts' },
    );
    assert.deepStrictEqual(result.messages, []);
  });
});
