// The schema given to VS Code's JSON support, tried with that support's own engine
// (vscode-json-languageservice): it completes and explains everything, and reports nothing, so
// each problem in the editor is GAN Studio's alone, the one Train refuses.
import * as assert from 'assert';
import { getLanguageService, TextDocument, type CompletionList } from 'vscode-json-languageservice';
import { editorSchema } from '../../../src/core/experiment/editorSchema';
import schemaJson from '../../../src/core/experiment/gan-experiment.schema.json';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';

const URI = 'file:///w/experiment.gan.json';

function jsonSupport(schema: object) {
  const service = getLanguageService({});
  service.configure({ allowComments: true, schemas: [{ uri: 'gan://schema', fileMatch: ['*.gan.json'], schema }] });
  const open = (text: string) => {
    const doc = TextDocument.create(URI, 'jsonc', 1, text);
    return { doc, json: service.parseJSONDocument(doc) };
  };
  return {
    problems: async (text: string) => {
      const { doc, json } = open(text);
      return service.doValidation(doc, json, { comments: 'ignore', trailingCommas: 'error' });
    },
    /** Completion labels where `|` is in `text`. */
    complete: async (text: string) => {
      const at = text.indexOf('|');
      const { doc, json } = open(text.replace('|', ''));
      const list = (await service.doComplete(doc, doc.positionAt(at), json)) as CompletionList;
      return list.items;
    },
    hover: async (text: string, word: string) => {
      const { doc, json } = open(text);
      const h = await service.doHover(doc, doc.positionAt(text.indexOf(word) + 1), json);
      return JSON.stringify(h?.contents ?? '');
    },
  };
}

const experiment = (layer: string, data = '{ "source": "ring" }') => `{
  // a comment, as experiments may have
  "name": "x",
  "data": ${data},
  "generator": { "layers": [${layer}, { "type": "dense", "units": 2 }] },
  "discriminator": { "layers": [{ "type": "dense", "units": 1 }] }
}`;

/** Problems both checkers see, each written as a user writes it. */
const BROKEN: Array<[string, string]> = [
  ['a misspelt key', experiment('{ "type": "dense", "unitz": 16 }')],
  ['a wrong type', experiment('{ "type": "dense", "units": "16" }')],
  ['a value out of range', experiment('{ "type": "dense", "units": 0 }')],
  ['an unknown layer type', experiment('{ "type": "dens", "units": 16 }')],
  ['an unknown activation', experiment('{ "type": "dense", "units": 16, "activation": "rellu" }')],
  ['a missing key', experiment('{ "type": "conv2d", "kernelSize": 3 }')],
  ['a bad data source option', experiment('{ "type": "dense", "units": 16 }', '{ "source": "ring", "modez": 8 }')],
  ['a kernel size of three numbers', experiment('{ "type": "conv2d", "filters": 4, "kernelSize": [3, 3, 3] }')],
];

describe("the schema for VS Code's JSON support", () => {
  const engine = jsonSupport(schemaJson);
  const editor = jsonSupport(editorSchema(schemaJson as Record<string, unknown>));

  for (const [what, text] of BROKEN) {
    it(`leaves ${what} to GAN Studio, which reports it as an error`, async () => {
      assert.ok((await engine.problems(text)).length > 0, 'the full schema would report it a second time');
      assert.deepStrictEqual(
        (await editor.problems(text)).map((d) => d.message),
        [],
      );
      const ours = validateExperimentText(text).diagnostics.filter((d) => d.severity === 'error');
      assert.ok(ours.length > 0, `GAN Studio reports ${what}`);
    });
  }

  it('still reports broken JSON (the syntax is its to report)', async () => {
    assert.ok((await editor.problems('{ "name": "x" "seed": 1 }')).length > 0);
  });

  it('completes the layer types, each with its description', async () => {
    const items = await editor.complete(experiment('{ "type": |}'));
    const labels = items.map((i) => i.label.replace(/"/g, ''));
    for (const t of ['dense', 'conv2d', 'conv2dTranspose', 'batchNormalization', 'leakyReLU'])
      assert.ok(labels.includes(t), `${t} in ${labels.join(', ')}`);
    const conv = items.find((i) => i.label.replace(/"/g, '') === 'conv2d');
    assert.match(JSON.stringify(conv?.documentation ?? conv?.detail ?? ''), /convolution/i);
  });

  it("completes a layer's own keys by its type, and the data's by their source", async () => {
    const dense = (await editor.complete(experiment('{ "type": "dense", |}'))).map((i) => i.label);
    assert.ok(dense.includes('units') && dense.includes('activation'), dense.join(', '));
    assert.ok(!dense.includes('filters'), 'no conv2d keys in a dense layer');
    const conv = (await editor.complete(experiment('{ "type": "conv2d", |}'))).map((i) => i.label);
    assert.ok(conv.includes('filters') && conv.includes('strides'), conv.join(', '));
    const ring = (await editor.complete(experiment('{ "type": "dense", "units": 4 }', '{ "source": "ring", | }'))).map(
      (i) => i.label,
    );
    assert.ok(ring.includes('modes') && ring.includes('radius'), ring.join(', '));
  });

  it('completes allowed values: activations and booleans', async () => {
    const acts = (await editor.complete(experiment('{ "type": "dense", "units": 4, "activation": |}'))).map((i) =>
      i.label.replace(/"/g, ''),
    );
    assert.ok(acts.includes('relu') && acts.includes('tanh'), acts.join(', '));
    const bools = (await editor.complete(experiment('{ "type": "dense", "units": 4, "useBias": |}'))).map(
      (i) => i.label,
    );
    assert.deepStrictEqual(bools.sort(), ['false', 'true']);
  });

  it('explains a key on hover', async () => {
    assert.match(await editor.hover(experiment('{ "type": "conv2d", "filters": 4 }'), '"filters"'), /output channels/);
  });
});
