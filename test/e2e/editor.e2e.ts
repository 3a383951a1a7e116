// Typing in a `.gan.json` file, as a user does: a misspelt key is one problem, GAN Studio's error
// (the one Train refuses), from the first keystroke; VS Code's JSON support adds nothing to it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { openFile, runCommand } from './harness/browser';
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
    await selectText(page, '"units": 1 }');
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

  it('says a wrong stride at that stride, and its quick fix sets it back', async () => {
    await openFile(page, 'mnist-dcgan.gan.json');
    await editor().locator('.view-lines').click();
    await until('no problems at first', async () => (await problemCounts()).join() === '0,0' || undefined);
    // The first upsampling layer's stride 2 typed over with 1: the digits come out 14 x 14.
    await selectText(page, '"conv2dTranspose", "filters": 32, "kernelSize": 4, "strides": 2');
    await page.keyboard.press('ArrowRight'); // the caret after the 2
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    const error = editor().locator('.squiggly-error');
    await until('the problem', async () => ((await error.count()) > 0 ? true : undefined), 15_000);
    assert.deepStrictEqual(await problemCounts(), [1, 0]);
    // The problem is under the stride itself: on its line, not on the last layer's. (The lines are
    // drawn again as the inline shapes update: measured once both are in place.)
    const strideLine = editor()
      .locator('.view-line')
      .filter({ hasText: /"kernelSize":\s4,\s"strides":\s1,/ });
    const offset = await until(
      'the squiggle and the stride on screen',
      async () => {
        const box = (l: typeof error) =>
          l
            .first()
            .boundingBox({ timeout: 1000 })
            .catch(() => null);
        const [errorBox, lineBox] = [await box(error), await box(strideLine)];
        return errorBox && lineBox ? { dy: Math.abs(errorBox.y - lineBox.y), height: lineBox.height } : undefined;
      },
      10_000,
    );
    assert.ok(offset.dy < offset.height, `the squiggle ${offset.dy} px from the stride's line`);
    const fix = await openQuickFix(page, 'Set strides to 2');
    await page.screenshot({ path: path.join(OUTPUT, 'editor-stride-fix.png') });
    await fix.click();
    await until('the problem fixed', async () => (await problemCounts()).join() === '0,0' || undefined, 15_000);
  });

  it('writes a new experiment where the user says, under the name the user gives', async () => {
    await runCommand(page, 'GAN Studio: New Experiment');
    const input = page.locator('.quick-input-widget input');
    const row = (label: string) =>
      page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
    await row('Ring of 8 Gaussians (2-D)').click();
    await until(
      'the name prompt',
      async () => /name/i.test((await page.locator('.quick-input-widget').textContent()) ?? '') || undefined,
    );
    await input.fill('bad/name');
    await page
      .locator('.quick-input-widget')
      .getByText(/cannot hold/)
      .waitFor();
    await input.fill('my ring');
    await page.keyboard.press('Enter');
    await until(
      'the folder prompt',
      async () => /folder/i.test((await page.locator('.quick-input-widget').textContent()) ?? '') || undefined,
    );
    // The box is shown again for the folder: type once it holds the folder's default (the
    // workspace itself), or VS Code may set that default over what was typed.
    await until('the default folder', async () => (await input.inputValue()) === '.' || undefined);
    await input.fill('experiments/new');
    await until('the folder typed', async () => (await input.inputValue()) === 'experiments/new' || undefined);
    await page.keyboard.press('Enter');
    const file = path.join(suite.server.workspace, 'experiments', 'new', 'my ring.gan.json');
    await until('the file', () => fs.existsSync(file) || undefined, 15_000);
    assert.match(fs.readFileSync(file, 'utf8'), /"name": "my ring"/);
    await page.locator('.tab.active').filter({ hasText: 'my ring.gan.json' }).waitFor();
  });

  it('keeps typing quick while a trainer runs (keystroke to paint, idle and training; reported)', async () => {
    await openFile(page, 'ring-8.gan.json');
    await editor().locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End'); // the end of the opening comment
    const idle = await keystrokeLatencies(page, 30);
    await openFile(page, 'long-ring.gan.json');
    await runCommand(page, 'GAN Studio: Train Experiment');
    await page.locator('.statusbar-item').filter({ hasText: 'long-ring' }).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000); // well into training
    await openFile(page, 'ring-8.gan.json');
    await editor().locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    const training = await keystrokeLatencies(page, 30);
    await runCommand(page, 'GAN Studio: Stop Training');
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
    const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)].toFixed(0);
    console.log(
      `      measured: keystroke to paint in the editor: idle median ${med(idle)} ms (p90 ${p90(idle)}), while training median ${med(training)} ms (p90 ${p90(training)}), ${idle.length} and ${training.length} keystrokes`,
    );
    assert.strictEqual(training.length, 30, 'every keystroke painted');
  });
});

/**
 * Selects the one place in the active editor that reads `text`, through the find widget as a user
 * does; the keys go to the editor only once the widget has it and has found exactly one match.
 */
/**
 * Ctrl+. at the caret, until the menu lists the fix: the menu can open while the code actions of
 * a diagnostic that has just been replaced are still being asked for, and then lacks it.
 */
async function openQuickFix(page: Page, title: string) {
  const fix = page.locator('.action-widget').getByText(title);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    const shown = await fix
      .waitFor({ timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return fix;
    const menu =
      (await page
        .locator('.action-widget')
        .textContent()
        .catch(() => null)) ?? '(no menu)';
    if (attempt === 3) throw new Error(`the quick fix menu never offered "${title}"; it read: ${menu}`);
    await page.keyboard.press('Escape');
  }
}

async function selectText(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+F');
  const find = page.locator('.editor-group-container.active .find-widget.visible:visible');
  const input = find.locator('textarea, input').first();
  await input.waitFor();
  await input.fill(text);
  await until(
    `one match of ${text}`,
    async () => /^1 of 1$/.test((await find.locator('.matchesCount').textContent()) ?? '') || undefined,
    10_000,
  );
  await page.keyboard.press('Escape'); // the match stays selected, the editor has the keys
  await find.waitFor({ state: 'hidden' });
}

/**
 * Milliseconds from each of `count` keystrokes (typed 150 ms apart) to the frame that shows it:
 * from the key event to the first animation frame after the editor's text changed.
 */
async function keystrokeLatencies(page: Page, count: number): Promise<number[]> {
  // A script as text: the page runs it as written (a bundled function would bring helpers it lacks).
  await page.evaluate(`(() => {
    const w = window;
    w.__latencies = [];
    const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    let pressed;
    window.addEventListener('keydown', (e) => { pressed = e.timeStamp; }, true);
    new MutationObserver(() => {
      if (pressed === undefined) return;
      const at = pressed;
      pressed = undefined;
      requestAnimationFrame((t) => w.__latencies.push(t - at));
    }).observe(lines, { childList: true, subtree: true, characterData: true });
  })()`);
  for (let i = 0; i < count; i++) {
    await page.keyboard.type('abcdefghij'[i % 10]);
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(500);
  return (await page.evaluate('window.__latencies')) as number[];
}
