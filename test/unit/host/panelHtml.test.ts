import * as assert from 'assert';
import { createNonce, panelHtml } from '../../../src/host/panelHtml';

describe('dashboard HTML', () => {
  const html = panelHtml({
    cspSource: 'https://webview.test',
    scriptUri: 'https://webview.test/dist/webview.js',
    styleUris: ['https://webview.test/a.css'],
    title: 'GAN: <ring>',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];

  it('allows scripts only with the nonce that its one script tag carries', () => {
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.ok(nonce.length >= 22);
    const scripts = html.match(/<script[^>]*>/g)!;
    assert.deepStrictEqual(scripts, [`<script nonce="${nonce}" src="https://webview.test/dist/webview.js">`]);
  });

  it("has a strict policy: nothing by default, and every source is the webview's own, data: images or the nonce", () => {
    const directives = csp.split(';').map((s) => s.trim().split(/\s+/));
    assert.deepStrictEqual(directives[0], ['default-src', "'none'"]);
    const allowed: Record<string, RegExp> = {
      'img-src': /^(https:\/\/webview\.test|data:)$/,
      'style-src': /^https:\/\/webview\.test$/,
      'font-src': /^https:\/\/webview\.test$/,
      'script-src': /^'nonce-[A-Za-z0-9+/=]{22,}'$/,
    };
    for (const [name, ...sources] of directives.slice(1)) {
      assert.ok(allowed[name], `unexpected directive ${name}`);
      assert.ok(sources.length > 0, name);
      for (const source of sources) assert.match(source, allowed[name], `${name} allows ${source}`);
    }
  });

  it('uses a fresh nonce from crypto each time, and escapes the title', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.strictEqual(nonces.size, 50);
    assert.notStrictEqual(
      /nonce-([^']+)/.exec(panelHtml({ cspSource: 'x', scriptUri: 'y', styleUris: [], title: 't' }))![1],
      /nonce-([^']+)/.exec(html)![1],
    );
    assert.match(html, /<title>GAN: &#60;ring&#62;<\/title>/);
  });
});
