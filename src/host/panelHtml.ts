// The dashboard's HTML shell: a strict Content Security Policy with a per-load nonce, and only local
// files. Pure (no VS Code import), so tests can check the policy.
import { randomBytes } from 'crypto';

export interface PanelHtmlInput {
  /** The webview's CSP source (webview.cspSource). */
  cspSource: string;
  scriptUri: string;
  styleUris: string[];
  title: string;
  nonce?: string;
}

/** A nonce from a cryptographic source: 128 bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function panelHtml(input: PanelHtmlInput): string {
  const nonce = input.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${input.cspSource} data:`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = input.styleUris.map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n  ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  ${styles}
  <title>${escapeHtml(input.title)}</title>
</head>
<body>
  <main id="app" aria-live="polite"></main>
  <script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
