import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { EXAMPLES_DIR, offsetOf, readExample, tinyExperiment } from '../../helpers/experiments';

const errorsOf = (text: string) => validateExperimentText(text).diagnostics.filter((d) => d.severity === 'error');
const json = (o: unknown) => JSON.stringify(o, null, 2);

describe('validateExperimentText', () => {
  for (const file of fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.gan.json'))) {
    it(`accepts the example ${file} with no diagnostics`, () => {
      const r = validateExperimentText(readExample(file));
      assert.deepStrictEqual(
        r.diagnostics.map((d) => d.message),
        [],
      );
      assert.ok(r.experiment);
    });
  }

  for (const file of fs
    .readdirSync(path.join(EXAMPLES_DIR, '..', 'templates'))
    .filter((f) => f.endsWith('.gan.json'))) {
    it(`accepts the template ${file}, and with its folder read says only that its data folder is missing`, () => {
      const text = fs.readFileSync(path.join(EXAMPLES_DIR, '..', 'templates', file), 'utf8');
      assert.ok(validateExperimentText(text).experiment);
      const read = validateExperimentText(text, { baseDir: path.join(EXAMPLES_DIR, '..', 'templates') });
      assert.deepStrictEqual(
        read.diagnostics.map((d) => [d.jsonPath, d.code]),
        [['$.data.path', 'data-file']],
      );
    });
  }

  it('accepts the examples that read files, with their data in place (npm install writes it)', () => {
    for (const file of ['emoji-dcgan.gan.json', 'mnist-idx.gan.json']) {
      const r = validateExperimentText(readExample(file), { baseDir: EXAMPLES_DIR });
      assert.deepStrictEqual(
        r.diagnostics.map((d) => d.message),
        [],
        file,
      );
    }
    assert.deepStrictEqual(
      validateExperimentText(readExample('mnist-idx.gan.json'), { baseDir: EXAMPLES_DIR }).shapes?.dataShape,
      [784],
    );
  });

  it('fills defaults from the schema', () => {
    const r = validateExperimentText(
      json({
        name: 'x',
        data: { source: 'ring' },
        generator: { layers: [{ type: 'dense', units: 2 }] },
        discriminator: { layers: [{ type: 'dense', units: 1 }] },
      }),
    );
    const e = r.experiment!;
    assert.strictEqual(e.loss, 'bce');
    assert.deepStrictEqual(e.data, { source: 'ring', modes: 8, radius: 1, std: 0.01 });
    assert.strictEqual(e.training.steps, 3000);
    assert.strictEqual(e.training.generatorOptimizer.type, 'adam');
    assert.strictEqual(e.generator.layers[0].type === 'dense' && e.generator.layers[0].activation, 'linear');
    assert.strictEqual(e.discriminator.pack, 1);
  });

  it('reports a JSON syntax error at its line and column, with comments allowed', () => {
    const text = '// comment\n{\n  "name": "x"\n  "seed": 1\n}';
    const [d] = errorsOf(text);
    assert.strictEqual(d.code, 'syntax');
    assert.match(d.message, /comma/);
    assert.deepStrictEqual(d.start, { line: 4, column: 3 });
  });

  it('flags an unknown key at the key, suggesting the closest known one', () => {
    const text = json(tinyExperiment({ training: { steps: 20, batchSze: 16 } }));
    const [d] = errorsOf(text);
    assert.strictEqual(d.jsonPath, '$.training.batchSze');
    assert.match(d.message, /did you mean "batchSize"/);
    assert.strictEqual(d.offset, offsetOf(text, '"batchSze"'));
    assert.strictEqual(d.length, '"batchSze"'.length);
  });

  it('gives a misspelt required key one problem, the misspelling, not a second for the key it lacks', () => {
    const exp = tinyExperiment();
    (exp.generator as { layers: unknown[] }).layers = [
      { type: 'dense', unitz: 16 },
      { type: 'dense', units: 2 },
    ];
    const text = json(exp);
    const ds = errorsOf(text);
    assert.deepStrictEqual(
      ds.map((d) => [d.jsonPath, d.message]),
      [['$.generator.layers[0].unitz', 'Unknown key "unitz": did you mean "units"?']],
    );
    // A required key left out, with no misspelling in sight, is still missing.
    (exp.generator as { layers: unknown[] }).layers = [
      { type: 'dense', activation: 'relu' },
      { type: 'dense', units: 2 },
    ];
    assert.match(errorsOf(json(exp))[0].message, /needs "units"/);
  });

  it('flags a misspelt layer type and activation with suggestions', () => {
    const exp = tinyExperiment();
    (exp.generator as { layers: unknown[] }).layers = [
      { type: 'dens', units: 16 },
      { type: 'dense', units: 2, activation: 'tanhh' },
    ];
    const text = json(exp);
    const ds = errorsOf(text);
    assert.strictEqual(ds.length, 2);
    assert.strictEqual(ds[0].jsonPath, '$.generator.layers[0].type');
    assert.match(ds[0].message, /did you mean "dense"/);
    assert.strictEqual(ds[0].offset, offsetOf(text, '"dens"'));
    assert.strictEqual(ds[1].jsonPath, '$.generator.layers[1].activation');
    assert.match(ds[1].message, /did you mean "tanh"/);
  });

  it('reports every error at once, each at its value', () => {
    const text = json(tinyExperiment({ seed: -1, training: { steps: 0, batchSize: 16, dSteps: 50 } }));
    const paths = errorsOf(text).map((d) => d.jsonPath);
    assert.deepStrictEqual(paths, ['$.seed', '$.training.steps', '$.training.dSteps']);
    const steps = errorsOf(text)[1];
    assert.strictEqual(steps.offset, offsetOf(text, '"steps": 0') + '"steps": '.length);
    assert.strictEqual(steps.length, 1);
    assert.match(steps.message, /must be >= 1/);
  });

  it('names a missing required key at its parent', () => {
    const exp = tinyExperiment();
    delete exp.generator;
    const [d] = errorsOf(json(exp));
    assert.match(d.message, /needs "generator"/);
  });

  it('names both shapes when the generator output does not match the data', () => {
    const exp = tinyExperiment({ data: { source: 'mnist', flatten: true } });
    (exp.generator as { layers: unknown[] }).layers = [{ type: 'dense', units: 10 }];
    const text = json(exp);
    const [d] = errorsOf(text);
    assert.strictEqual(d.code, 'generator-output');
    assert.match(d.message, /outputs \[10\] but the data's samples are \[784\]/);
    assert.match(d.message, /set the last layer's units to 784/);
    assert.strictEqual(d.jsonPath, '$.generator.layers[0].units');
    assert.strictEqual(d.offset, offsetOf(text, '10'));
  });

  it('suggests a reshape when only the shape, not the count, differs', () => {
    const exp = tinyExperiment({ data: { source: 'mnist' } });
    (exp.generator as { layers: unknown[] }).layers = [{ type: 'dense', units: 784, activation: 'tanh' }];
    (exp.discriminator as { layers: unknown[] }).layers = [{ type: 'flatten' }, { type: 'dense', units: 1 }];
    const [d] = errorsOf(json(exp));
    assert.match(d.message, /"targetShape": \[28,28,1\]/);
  });

  it('flags a reshape whose element count does not match, at targetShape', () => {
    const exp = tinyExperiment();
    (exp.generator as { layers: unknown[] }).layers = [
      { type: 'dense', units: 16 },
      { type: 'reshape', targetShape: [3, 5] },
      { type: 'flatten' },
      { type: 'dense', units: 2 },
    ];
    const text = json(exp);
    const [d] = errorsOf(text);
    assert.strictEqual(d.code, 'reshape-count');
    assert.strictEqual(d.jsonPath, '$.generator.layers[1].targetShape');
    assert.match(d.message, /\[3,5\] \(15 elements\) cannot take \[16\] \(16 elements\)/);
  });

  it('flags a conv kernel larger than its input under valid padding', () => {
    const exp = tinyExperiment({ data: { source: 'mnist' } });
    exp.generator = {
      layers: [
        { type: 'dense', units: 784, activation: 'tanh' },
        { type: 'reshape', targetShape: [28, 28, 1] },
      ],
    };
    exp.discriminator = {
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'valid' },
        { type: 'conv2d', filters: 4, kernelSize: 16, padding: 'valid' },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    };
    const [d] = errorsOf(json(exp));
    assert.strictEqual(d.code, 'kernel-too-large');
    assert.strictEqual(d.jsonPath, '$.discriminator.layers[1].kernelSize');
    assert.match(d.message, /\[16,16\] is larger than the input's \[13,13\]/);
  });

  // kernelSize is one number or a [height, width] pair: an error speaks of the form the user wrote.
  for (const [kernelSize, jsonPath, message] of [
    [0, '$.discriminator.layers[0].kernelSize', /^"kernelSize" must be >= 1\./],
    [[3, 0], '$.discriminator.layers[0].kernelSize[1]', /^"kernelSize\[1\]" must be >= 1\./],
    [[3], '$.discriminator.layers[0].kernelSize', /^"kernelSize" must NOT have fewer than 2 items\./],
    [
      '3',
      '$.discriminator.layers[0].kernelSize',
      /^"kernelSize" must be an integer or an array\. Kernel height and width/,
    ],
  ] as const) {
    it(`words a bad number-or-pair kernelSize ${JSON.stringify(kernelSize)} once, for its own form`, () => {
      const exp = tinyExperiment({ data: { source: 'mnist' } });
      exp.generator = {
        layers: [
          { type: 'dense', units: 784, activation: 'tanh' },
          { type: 'reshape', targetShape: [28, 28, 1] },
        ],
      };
      exp.discriminator = {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize, strides: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 1 },
        ],
      };
      const errors = errorsOf(json(exp));
      assert.deepStrictEqual(
        errors.map((d) => d.jsonPath),
        [jsonPath],
      );
      assert.match(errors[0].message, message);
    });
  }

  it('requires the discriminator to end in one unit', () => {
    const exp = tinyExperiment();
    exp.discriminator = {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 2 },
      ],
    };
    const [d] = errorsOf(json(exp));
    assert.strictEqual(d.code, 'discriminator-output');
    assert.strictEqual(d.jsonPath, '$.discriminator.layers[1].units');
  });

  it('asks for a flatten before a dense layer on images', () => {
    const exp = tinyExperiment({ data: { source: 'mnist' } });
    exp.generator = {
      layers: [
        { type: 'dense', units: 784, activation: 'tanh' },
        { type: 'reshape', targetShape: [28, 28, 1] },
      ],
    };
    exp.discriminator = {
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2 },
        { type: 'dense', units: 1 },
      ],
    };
    const [d] = errorsOf(json(exp));
    assert.strictEqual(d.code, 'dense-needs-flat');
    assert.match(d.message, /insert \{ "type": "flatten" \}/);
  });

  it('rejects a sigmoid on the discriminator output under bce but not under lsgan', () => {
    const exp = tinyExperiment();
    exp.discriminator = {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const [d] = errorsOf(json(exp));
    assert.strictEqual(d.code, 'squashed-logit');
    assert.strictEqual(d.jsonPath, '$.discriminator.layers[1].activation');
    assert.deepStrictEqual(errorsOf(json({ ...exp, loss: 'lsgan' })), []);
  });

  it('refuses a network too large for memory before building anything', () => {
    const exp = tinyExperiment();
    exp.generator = {
      layers: [
        { type: 'dense', units: 10000 },
        { type: 'dense', units: 10000 },
        { type: 'dense', units: 2 },
      ],
    };
    const ds = errorsOf(json(exp));
    assert.ok(
      ds.some((d) => d.code === 'too-large' && /100,[0-9,]+ parameters/.test(d.message)),
      ds.map((d) => d.message).join('\n'),
    );
  });

  it('requires batchSize to be a multiple of discriminator.pack', () => {
    const exp = tinyExperiment({ training: { steps: 20, batchSize: 15 } });
    (exp.discriminator as Record<string, unknown>).pack = 2;
    const [d] = errorsOf(json(exp));
    assert.strictEqual(d.code, 'batch-pack');
  });

  it('rejects an MNIST digit that does not exist', () => {
    const text = json(tinyExperiment({ data: { source: 'mnist', digits: [3, 12] } }));
    const [d] = errorsOf(text);
    assert.strictEqual(d.jsonPath, '$.data.digits[1]');
    assert.strictEqual(d.offset, offsetOf(text, '12'));
  });

  it('positions errors correctly in a file with comments, CRLF line ends and odd spacing', () => {
    const text =
      '/* header */\r\n{ "name":"odd",\r\n  // a comment\r\n  "data" : {"source":"ring"},\r\n"generator":{"layers":[{"type":"dense","units":3}]},\r\n\t"discriminator":{"layers":[{"type":"dense","units":1}]}\r\n}\r\n';
    const [d] = errorsOf(text);
    assert.strictEqual(d.code, 'generator-output');
    assert.deepStrictEqual(d.start, { line: 5, column: text.split('\r\n')[4].indexOf('3') + 1 });
  });

  it('warns about batch normalisation in a wgan-gp critic without refusing it', () => {
    const exp = tinyExperiment({ loss: 'wgan-gp' });
    exp.discriminator = {
      layers: [{ type: 'dense', units: 16 }, { type: 'batchNormalization' }, { type: 'dense', units: 1 }],
    };
    const r = validateExperimentText(json(exp));
    assert.ok(r.experiment);
    assert.deepStrictEqual(
      r.diagnostics.map((d) => [d.severity, d.code]),
      [['warning', 'wgan-batchnorm']],
    );
  });

  it('validates a 50-layer experiment in under 20 ms', () => {
    const layers = [];
    for (let i = 0; i < 49; i++) layers.push({ type: 'dense', units: 32, activation: 'relu' });
    layers.push({ type: 'dense', units: 2 });
    const text = json(tinyExperiment({ generator: { layers } }));
    validateExperimentText(text);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      validateExperimentText(text);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[10] < 20, `median ${times[10].toFixed(2)} ms`);
  });

  it('keeps fixture files of the repository valid', () => {
    const dir = path.join(__dirname, '..', '..', 'fixtures');
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('valid-')) : []) {
      assert.deepStrictEqual(errorsOf(fs.readFileSync(path.join(dir, f), 'utf8')), [], f);
    }
  });
});
