// The colour theme as a webview sees it: VS Code sets its colours as CSS variables on the page and
// its kind as classes on <body>, and changes both in place when the user switches theme. Canvas
// drawings (the charts) do not follow CSS, so they read the colours again on every change.

/** A colour of the theme: the CSS variable VS Code defines, and what to use where it does not. */
export interface ThemeColor {
  cssVar: string;
  fallback: string;
}

/** The colour a chart draws with: fixed (a run's colour in Compare) or the theme's. */
export type Paint = string | ThemeColor;

export const themeColor = (cssVar: string, fallback: string): ThemeColor => ({ cssVar, fallback });

/** The colour `paint` stands for in the theme shown now. */
export function resolvePaint(paint: Paint): string {
  if (typeof paint === 'string') return paint;
  return getComputedStyle(document.body).getPropertyValue(paint.cssVar).trim() || paint.fallback;
}

/**
 * Calls `redraw` once after each theme change (the variables and the body's classes change in
 * separate mutations; one frame later both are in place).
 */
export function onThemeChange(redraw: () => void): void {
  let frame: number | undefined;
  const changed = () => {
    frame ??= requestAnimationFrame(() => {
      frame = undefined;
      redraw();
    });
  };
  const observer = new MutationObserver(changed);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
