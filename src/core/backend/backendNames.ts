// The backend names, apart from the code that loads them, so pure modules can name them. Pure.
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;
export const BACKEND_NAMES: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
