// The backend names, apart from the code that loads them, so pure modules can name them. Pure.
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;
export const BACKEND_NAMES: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
/** Why the native backend was passed over when its package is simply absent (not broken). */
export const NOT_INSTALLED = 'not installed';
