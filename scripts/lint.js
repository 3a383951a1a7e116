// The project's own lint: the architectural rules that keep the layers apart, checked on every
// source file. `npm run lint`; exits 1 with file:line: rule on any violation.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const files = (dir) => fs.existsSync(dir)
  ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []))
  : [];

const rules = [
  { where: ['src/core', 'src/shared', 'src/trainer'], pattern: /from ['"]vscode['"]|require\(['"]vscode['"]\)/, says: 'the core, the trainer and the protocol never import vscode' },
  { where: ['src/core', 'src/shared', 'src/trainer'], pattern: /\b(document|window|HTMLElement|localStorage)\./, says: 'the core, the trainer and the protocol never touch the DOM' },
  { where: ['src/shared', 'webview'], pattern: /from ['"](fs|path|child_process|os|crypto|@tensorflow\/[^'"]+)['"]/, says: 'the protocol and the webview stay free of Node and TensorFlow.js' },
  { where: ['src/host', 'src/extension.ts'], pattern: /from ['"]@tensorflow\//, says: 'the extension host never loads TensorFlow.js (training runs in a trainer process)' },
  { where: ['src/host', 'src/extension.ts'], pattern: /from ['"][./]+\/core\/(run\/runStore|training|backend\/selectBackend|model|data|metrics\/mmd)['"]/, says: 'the extension host imports only TensorFlow-free core modules' },
  { where: ['src', 'webview'], pattern: /Math\.random\(/, says: 'no Math.random: seeds come from SeededRandom, nonces from crypto' },
  { where: ['src', 'webview', 'test'], pattern: /\b(describe|it|suite|test)\.only\(/, says: 'no focused tests' },
  { where: ['src/host', 'src/core'], pattern: /console\.log\(/, says: 'no console.log in the host or core: use the output channel or return values' },
  { where: ['src', 'webview'], pattern: /unsafe-inline|unsafe-eval/, says: 'no unsafe CSP sources' },
];

let problems = 0;
for (const rule of rules) {
  for (const where of rule.where) {
    const abs = path.join(ROOT, where);
    const list = where.endsWith('.ts') ? [abs] : files(abs);
    for (const file of list) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line)) return; // comments may name what they forbid
        if (rule.pattern.test(line)) {
          problems++;
          console.error(`${path.relative(ROOT, file)}:${i + 1}: ${rule.says}`);
        }
      });
    }
  }
}
if (problems) {
  console.error(`lint: ${problems} problem${problems === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log(`lint: ${rules.length} rules, no problems`);
