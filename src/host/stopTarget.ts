// Which training run a Stop acts on. Pure (unit-tested in Node): a Stop must never stop another
// experiment than the one it names.

export interface StoppableSession {
  readonly isRunning: boolean;
}

export type StopTarget<S> =
  | { kind: 'stop'; session: S }
  /** The file named explicitly is not training: say so; stop nothing else. */
  | { kind: 'notTraining'; file: string }
  | { kind: 'nothing' }
  | { kind: 'pick'; sessions: S[] };

/**
 * @param explicitFile the file a lens, menu or dashboard named: only its run may stop.
 * @param activeFile the active editor's file, used when nothing was named.
 */
export function stopTarget<S extends StoppableSession>(
  sessions: { get(file: string): S | undefined; running(): S[] },
  explicitFile: string | undefined,
  activeFile: string | undefined,
): StopTarget<S> {
  if (explicitFile !== undefined) {
    const s = sessions.get(explicitFile);
    return s?.isRunning ? { kind: 'stop', session: s } : { kind: 'notTraining', file: explicitFile };
  }
  const active = activeFile !== undefined ? sessions.get(activeFile) : undefined;
  if (active?.isRunning) return { kind: 'stop', session: active };
  const running = sessions.running();
  if (running.length === 1) return { kind: 'stop', session: running[0] };
  return running.length ? { kind: 'pick', sessions: running } : { kind: 'nothing' };
}
