// Events in VS Code's shape (`onDidX(listener) -> Disposable`) without the VS Code API, so the
// classes that fire them can be unit-tested in plain Node. Runs anywhere.

export interface DisposableLike {
  dispose(): void;
}

/** The same signature as vscode.Event<T>. */
export type Event<T> = (
  listener: (e: T) => unknown,
  thisArgs?: unknown,
  disposables?: DisposableLike[],
) => DisposableLike;

export class Emitter<T> implements DisposableLike {
  private listeners: Array<(e: T) => unknown> = [];
  private disposed = false;

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (!this.disposed) this.listeners.push(bound);
    const subscription = {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== bound);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  fire(e: T): void {
    // A copy: a listener may unsubscribe (or subscribe) while the event is delivered.
    for (const l of [...this.listeners]) l(e);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
