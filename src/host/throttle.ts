// Runs a redraw at once, then at most once per interval: a burst of calls ends in one trailing
// call, so what it draws is never left stale. No VS Code API (unit-tested in Node).

export class Throttle {
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  call(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  private run(): void {
    this.last = this.now();
    this.fn();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** How often the lenses and status bar may redraw. Under the trainer's one-second metrics batch,
 * so each batch redraws them at once, in the same moment as the dashboard. */
export const UI_REFRESH_MS = 750;
