// The sentence to show when `npm install` fails: what went wrong, from npm's output, without its
// boilerplate about proxies and log files or a script's stack trace. No VS Code API (unit-tested
// in Node against real npm output).

/** Lines that say where to look, not what went wrong. */
const BOILERPLATE =
  /^(code|syscall|errno|path|command (?!failed)|signal|A complete log|If you are behind a proxy|'proxy' config|network This is a problem related|network In most cases|network )\b|^'?proxy'? config/i;

/** Node's network error codes: the machine cannot reach a host. */
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|CERT_\w+)\b/;

export function npmFailureReason(output: string, exitCode: number | null): string {
  const parts = output
    .split(/\r?\n/)
    .map((l) => /^npm (?:error|ERR!)\s?(.*)$/.exec(l.trim())?.[1]?.trim())
    .filter((p): p is string => p !== undefined);
  const code = parts.map((p) => /^code (\S+)/.exec(p)?.[1]).find(Boolean);
  const scriptFailed = parts.includes('command failed');
  const reason = scriptFailed ? installScriptReason(parts) : npmReason(parts);
  if (!reason && !code) return `npm exited with code ${exitCode}`;
  const text = clip(reason ?? 'npm failed');
  return code && !scriptFailed && !text.includes(code) ? `${text} (npm error ${code})` : text;
}

/** npm itself failed (the registry, a version that does not exist): its first sentence, or which
 * registry it could not reach. */
function npmReason(parts: string[]): string | undefined {
  const said = parts.filter((p) => p && !BOILERPLATE.test(p));
  const fetch = said.map((p) => /^FetchError: request to (\S+) failed, reason: (.+)$/.exec(p)).find(Boolean);
  if (fetch && NETWORK.test(fetch[2])) return `npm could not reach its registry at ${origin(fetch[1])} (${fetch[2]})`;
  return said[0];
}

const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

/**
 * A package's install script failed. Its output is relayed line by line: a progress line names
 * what it was doing ("* Downloading libtensorflow"), a thrown error names why; the stack under
 * the error says nothing a user can act on.
 */
function installScriptReason(parts: string[]): string {
  const script = parts.map((p) => /^command (?!failed)(.+)$/.exec(p)?.[1]).find(Boolean);
  const pkg = parts
    .map((p) => /^path .*node_modules[\\/](.+)$/.exec(p)?.[1])
    .find(Boolean)
    ?.replace(/\\/g, '/');
  const doing = parts
    .map((p) => /^\*\s*(\w+ .+)$/.exec(p)?.[1])
    .filter(Boolean)
    .at(-1);
  const error = parts.find((p) => /^(\w+)?Error\b.*:\s*\S/.test(p) && !/^Error: Command failed/.test(p));
  const who = pkg ? `the install script of ${pkg}` : script ? `its install script (${script})` : 'an install script';
  const network = error && NETWORK.exec(error);
  if (network) {
    const host = parts.map((p) => /^hostname: '([^']+)'/.exec(p)?.[1]).find(Boolean) ?? hostIn(error, parts);
    const what = doing ? ` (${lowerFirst(doing)})` : '';
    return `${who} could not reach ${host ?? 'the network'}${what}: ${error.replace(/^Error:\s*/, '')}`;
  }
  if (error) return `${who} failed${doing ? ` while ${lowerFirst(doing)}` : ''}: ${error.replace(/^Error:\s*/, '')}`;
  return `${who} failed${doing ? ` while ${lowerFirst(doing)}` : ''}`;
}

function hostIn(error: string, parts: string[]): string | undefined {
  const named = /\b(?:ENOTFOUND|EAI_AGAIN)\s+([\w.-]+)/.exec(error)?.[1];
  if (named) return named;
  const url = parts.map((p) => /https?:\/\/([^/\s:]+)/.exec(p)?.[1]).find(Boolean);
  return url;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);
