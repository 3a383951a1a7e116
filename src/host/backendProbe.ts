// Asks a short-lived trainer process which backend a run would use (Show Backend Info).
import type { BackendRequest } from '../core/backend/backendNames';
import { askTrainer } from './askTrainer';

export async function probeBackend(
  trainerScript: string,
  backend: BackendRequest,
  tfjsNodePath?: string,
): Promise<string> {
  return (await askTrainer(trainerScript, { type: 'probe', backend, tfjsNodePath }, 'probed')).description;
}
