// ESLint for the whole project: the recommended JavaScript and TypeScript rules, and the
// architecture's boundaries as lint rules, so a stray import fails the build where it is written.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DOM_GLOBALS = ['document', 'window', 'HTMLElement', 'localStorage', 'navigator'].map((name) => ({
  name,
  message: 'The core, the trainer and the protocol never touch the DOM: they run in Node.',
}));
const NODE_AND_TFJS = ['fs', 'path', 'child_process', 'os', 'crypto', 'worker_threads'].map((name) => ({
  name,
  message: 'The protocol and the webview stay free of Node: they run in a browser too.',
}));
const NO_VSCODE = {
  name: 'vscode',
  message: 'Only src/host imports vscode: the core, the trainer and the protocol run outside VS Code.',
};
const NO_TFJS = {
  group: ['@tensorflow/*'],
  message: 'The extension host never loads TensorFlow.js: training runs in a trainer process.',
};
/** Core modules that load TensorFlow.js or decode data, directly or through their imports. */
const TFJS_CORE_MODULES = {
  group: [
    '**/core/training/*',
    '**/core/model/*',
    '**/core/backend/selectBackend',
    '**/core/backend/im2colKernels',
    '**/core/run/runStore',
    '**/core/metrics/mmd',
    '**/core/render/samplePlots',
    '**/core/data/createDataset',
    '**/core/data/fileDataset',
    '**/core/data/streamedDataset',
    '**/core/data/previewData',
    '**/core/data/mnist',
    '**/core/data/synthetic',
    '**/core/data/files/*Source',
    '**/core/data/files/arraySources',
  ],
  message:
    'The extension host imports only core modules that neither load TensorFlow.js nor decode data (training and decoding run in a trainer process).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-vsix/**',
      'node_modules/**',
      'test/e2e/.cache/**',
      'test/e2e/output/**',
      'out/**',
      '.vscode-test/**',
      'demo-workspace/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/**', 'webview/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Seeds come from SeededRandom, nonces from crypto.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/unsafe-inline|unsafe-eval/]',
          message: 'No unsafe Content Security Policy sources.',
        },
        {
          selector: 'TemplateElement[value.raw=/unsafe-inline|unsafe-eval/]',
          message: 'No unsafe Content Security Policy sources.',
        },
      ],
    },
  },
  {
    files: ['test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name="only"][callee.object.name=/^(describe|it|suite|test)$/]',
          message: 'No focused tests: they hide the rest.',
        },
      ],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/trainer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
    },
  },
  {
    files: ['src/shared/**', 'webview/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE, ...NODE_AND_TFJS], patterns: [NO_TFJS] }] },
  },
  {
    files: ['src/host/**', 'src/extension.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TFJS, TFJS_CORE_MODULES] }] },
  },
  {
    files: ['src/host/**', 'src/core/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // CommonJS scripts, and tests that reach the fs module object itself to watch its calls.
    files: ['**/*.js', 'test/**'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
