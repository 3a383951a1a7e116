// One request to a short-lived trainer process (Show Backend Info, Preview Data): forks it, sends
// the request, and settles with its answer, its error, or what it said when it ended without one.
// Runs in the extension host; the work runs in the child.
import { fork } from 'child_process';
import { isTrainerToHost, type HostToTrainer, type TrainerToHost } from '../shared/trainerProtocol';

export function askTrainer<T extends TrainerToHost['type']>(
  trainerScript: string,
  request: HostToTrainer,
  answer: T,
): Promise<Extract<TrainerToHost, { type: T }>> {
  return new Promise((resolve, reject) => {
    const child = fork(trainerScript, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
      // In desktop VS Code the host's executable is Electron: run it as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stderr = '';
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    child.stderr?.on('data', (d: Buffer) => (stderr += d));
    child.on('message', (m) => {
      if (!isTrainerToHost(m)) return;
      if (m.type === answer) settle(() => resolve(m as Extract<TrainerToHost, { type: T }>));
      else if (m.type === 'error' || m.type === 'invalid') settle(() => reject(new Error(m.message)));
    });
    child.on('error', (e) => settle(() => reject(e)));
    child.on('exit', () =>
      settle(() => reject(new Error(stderr.trim().split('\n').pop() || 'the trainer process ended without an answer'))),
    );
    child.send(request);
  });
}
