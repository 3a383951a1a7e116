import * as assert from 'assert';
import { createNonce, panelHtml } from '../../../src/host/panelHtml';

describe('dashboard HTML', () => {
  const html = panelHtml({ cspSource: 'https://webview.test', scriptUri: 'https://webview.test/dist/webview.js', styleUris: ['https://webview.test/a.css'], title: 'GAN: <ring>' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];

  it('allows scripts only with the nonce that its one script tag carries', () => {
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.ok(nonce.length >= 22);
    const scripts = html.match(/<script[^>]*>/g)!;
    assert.deepStrictEqual(scripts, [`<script nonce="${nonce}" src="https://webview.test/dist/webview.js">`]);
  });

  it('has a strict policy: nothing by default, no unsafe sources, no remote hosts', () => {
    assert.match(csp, /^default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-|\*|http:/);
    for (const part of csp.split(';').map((s) => s.trim()).slice(1)) {
      assert.match(part, /^(img-src|style-src|font-src|script-src) /, part);
    }
  });

  it('uses a fresh nonce from crypto each time, and escapes the title', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.strictEqual(nonces.size, 50);
    assert.notStrictEqual(/nonce-([^']+)/.exec(panelHtml({ cspSource: 'x', scriptUri: 'y', styleUris: [], title: 't' }))![1], /nonce-([^']+)/.exec(html)![1]);
    assert.match(html, /<title>GAN: &#60;ring&#62;<\/title>/);
  });
});
