// The sentence to show when `npm install` fails: npm's own error, without its boilerplate about
// proxies and log files. No VS Code API (unit-tested in Node).

/** Lines that say where to look, not what went wrong. */
const BOILERPLATE =
  /^(code|syscall|errno|path|command (?!failed)|signal|A complete log|If you are behind a proxy|'proxy' config|network This is a problem related|network In most cases|network )\b|^'?proxy'? config/i;

export function npmFailureReason(output: string, exitCode: number | null): string {
  const parts = output
    .split(/\r?\n/)
    .map((l) => /^npm (?:error|ERR!)\s?(.*)$/.exec(l.trim())?.[1]?.trim())
    .filter((p): p is string => !!p);
  const code = parts.map((p) => /^code (\S+)/.exec(p)?.[1]).find(Boolean);
  const said = parts.filter((p) => !BOILERPLATE.test(p));
  // npm's first sentence, and the script's last words when an install script failed.
  const detail = said.length > 1 ? `${said[0]}: ${said[said.length - 1]}` : said[0];
  if (!detail && !code) return `npm exited with code ${exitCode}`;
  const text = detail ? (detail.length > 300 ? `${detail.slice(0, 297)}...` : detail) : 'npm failed';
  return code ? `${text} (npm error ${code})` : text;
}
