// Runs the integration suite under @vscode/test-electron, in a downloaded desktop VS Code (this
// needs the network; on machines without it, `npm run test:integration` runs the same suite in
// code-server). `npm run test:vscode`.
const esbuild = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.join(__dirname, '..', '..');
  const suite = path.join(root, 'out', 'integration', 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-studio-ws-'));
  fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  fs.cpSync(path.join(root, 'test', 'fixtures'), path.join(workspace, 'fixtures'), { recursive: true });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err) => {
  console.error(`The desktop VS Code suite could not run: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
