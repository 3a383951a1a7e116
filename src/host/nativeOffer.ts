// When the extension offers to install native TensorFlow. Pure (unit-tested in Node).
import { NOT_INSTALLED } from '../core/backend/backendNames';

/** Whether to offer installing native TensorFlow after a run started on `backend`: only when it
 * fell back to WebAssembly because the package is absent (a broken install needs another remedy,
 * a cpu fallback means WebAssembly itself failed). */
export function shouldOfferNativeBackend(
  request: string,
  backend: string,
  skipped: Array<{ name: string; reason: string }>,
): boolean {
  return (
    request === 'auto' &&
    backend === 'wasm' &&
    skipped.some((s) => s.name === 'tensorflow' && s.reason === NOT_INSTALLED)
  );
}
