import * as assert from 'assert';
import { experimentNameOf, experimentNameProblem } from '../../../src/core/experiment/experimentName';

describe('a new experiment name', () => {
  it('accepts what names a file and a folder everywhere', () => {
    for (const ok of ['ring-8', 'my faces 64x64', 'dcgan_v2', 'émoji', 'sprites.gan.json'])
      assert.strictEqual(experimentNameProblem(ok), undefined, ok);
  });

  it('says why it refuses the rest', () => {
    assert.match(experimentNameProblem('  ')!, /Give the experiment a name/);
    assert.match(experimentNameProblem('a/b')!, /cannot hold/);
    assert.match(experimentNameProblem('what?')!, /cannot hold/);
    assert.match(experimentNameProblem('.hidden')!, /dot/);
    assert.match(experimentNameProblem('CON')!, /reserved on Windows/);
    assert.match(experimentNameProblem('x'.repeat(101))!, /under 100/);
  });

  it('drops a .gan.json the user typed, and the spaces around', () => {
    assert.strictEqual(experimentNameOf(' faces.gan.json '), 'faces');
  });
});
