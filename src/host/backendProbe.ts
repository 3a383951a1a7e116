// Asks a short-lived trainer process which backend a run would use (Show Backend Info).
import { fork } from 'child_process';
import type { BackendRequest } from '../core/backend/backendNames';
import { isTrainerToHost, type HostToTrainer } from '../shared/trainerProtocol';

export function probeBackend(trainerScript: string, backend: BackendRequest, tfjsNodePath?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = fork(trainerScript, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let stderr = '';
    let answer: string | undefined;
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('message', (m) => {
      if (!isTrainerToHost(m)) return;
      if (m.type === 'probed') answer = m.description;
      if (m.type === 'error') reject(new Error(m.message));
    });
    child.on('exit', () =>
      answer ? resolve(answer) : reject(new Error(stderr.trim() || 'the trainer process ended without an answer')),
    );
    child.send({ type: 'probe', backend, tfjsNodePath } satisfies HostToTrainer);
  });
}
