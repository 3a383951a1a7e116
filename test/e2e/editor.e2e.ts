// Typing in a `.gan.json` file, as a user does: a misspelt key is one problem, GAN Studio's error
// (the one Train refuses), from the first keystroke; VS Code's JSON support adds nothing to it.
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openFile } from './harness/browser';
import { OUTPUT } from './harness/tools';
import { until } from './harness/until';
import { useWorkbench } from './harness/workbenchSuite';

describe('Editing an experiment in a real VS Code (end to end)', function () {
  const suite = useWorkbench();
  let page: Page;
  before(() => {
    ({ page } = suite);
  });

  const editor = () => page.locator('.editor-group-container.active .monaco-editor').first();
  /** The status bar's problem counts: [errors, warnings]. */
  const problemCounts = async (): Promise<[number, number]> => {
    const label =
      (await page.locator('[id="status.problems"] a, [id="status.problems"]').first().getAttribute('aria-label')) ?? '';
    // "Errors: 1, Warnings: 2", "Errors: 1" (none of the other kind) or "No Problems".
    const count = (kind: string) =>
      new RegExp(`${kind}s?:?\\s*(\\d+)`, 'i').exec(label)?.[1] ??
      (/no problems|errors?|warnings?/i.test(label) ? '0' : undefined);
    const errors = count('error');
    const warnings = count('warning');
    if (errors === undefined || warnings === undefined) throw new Error(`problems item reads "${label}"`);
    return [Number(errors), Number(warnings)];
  };

  it("gives a misspelt key exactly one problem while typing: GAN Studio's error", async () => {
    await openFile(page, 'ring-8.gan.json');
    await editor().locator('.view-lines').click();
    await until('no problems at first', async () => (await problemCounts()).join() === '0,0' || undefined);
    // The discriminator's last "units" (the file's only `"units": 1 }`), its "s" typed over with
    // a "z", as a slip of the finger does.
    await page.keyboard.press('Control+F');
    await page.keyboard.type('"units": 1 }');
    await page.keyboard.press('Escape'); // the match stays selected
    await page.keyboard.press('ArrowLeft'); // the caret before its opening quote
    for (let i = 0; i < '"unit'.length; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('z');
    const squiggles = editor().locator('.squiggly-error, .squiggly-warning, .squiggly-info');
    await until('the problem', async () => ((await squiggles.count()) > 0 ? true : undefined), 15_000);
    // Time for VS Code's JSON support to check the file too, had it anything to say.
    await page.waitForTimeout(3000);
    const [errors, warnings] = await problemCounts();
    await page.screenshot({ path: path.join(OUTPUT, 'editor-misspelt-key.png') });
    assert.deepStrictEqual([errors, warnings], [1, 0], 'one error, no warning');
    assert.strictEqual(await editor().locator('.squiggly-warning').count(), 0);
    await page.keyboard.press('Control+Z');
    await until('no problems again', async () => (await problemCounts()).join() === '0,0' || undefined, 15_000);
  });
});
