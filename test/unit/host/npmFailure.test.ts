import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { npmFailureReason } from '../../../src/host/npmFailure';

describe('npm failure reason (Install Native Backend)', () => {
  it('names the network error, not the proxy boilerplate', () => {
    const out = [
      'npm error code ECONNREFUSED',
      'npm error syscall connect',
      'npm error errno ECONNREFUSED',
      'npm error FetchError: request to http://127.0.0.1:9/@tensorflow%2ftfjs-node failed, reason: connect ECONNREFUSED 127.0.0.1:9',
      'npm error',
      'npm error If you are behind a proxy, please make sure that the',
      "npm error 'proxy' config is set properly.  See: 'npm help config'",
      'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
    ].join('\n');
    assert.strictEqual(
      npmFailureReason(out, 1),
      'npm could not reach its registry at http://127.0.0.1:9 (connect ECONNREFUSED 127.0.0.1:9)',
    );
  });

  it('says that libtensorflow could not be downloaded, from the real output of tfjs-node offline', () => {
    // Recorded from `npm install @tensorflow/tfjs-node@4.22.0` on a machine without internet access.
    const out = fs.readFileSync(path.join(__dirname, 'fixtures', 'npm-tfjs-node-offline.txt'), 'utf8');
    assert.strictEqual(
      npmFailureReason(out, 1),
      'the install script of @tensorflow/tfjs-node could not reach storage.googleapis.com (downloading libtensorflow): getaddrinfo ENOTFOUND storage.googleapis.com',
    );
  });

  it('names a failed install script and its error, without the stack', () => {
    const out = [
      'npm error code 1',
      'npm error path /g/native-backend/node_modules/@tensorflow/tfjs-node',
      'npm error command failed',
      'npm error command sh -c node scripts/install.js',
      'npm error * Building TensorFlow Node.js bindings',
      "npm error Error: EACCES: permission denied, mkdir '/g/native-backend/node_modules/@tensorflow/tfjs-node/lib'",
      'npm error     at Object.mkdirSync (node:fs:1372:26)',
    ].join('\n');
    assert.strictEqual(
      npmFailureReason(out, 1),
      "the install script of @tensorflow/tfjs-node failed while building TensorFlow Node.js bindings: EACCES: permission denied, mkdir '/g/native-backend/node_modules/@tensorflow/tfjs-node/lib'",
    );
  });

  it("says npm's first sentence when it is not about the network", () => {
    const out = [
      'npm error code ETARGET',
      'npm error notarget No matching version found for @tensorflow/tfjs-node@9.9.9.',
      'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
    ].join('\n');
    assert.strictEqual(
      npmFailureReason(out, 1),
      'notarget No matching version found for @tensorflow/tfjs-node@9.9.9. (npm error ETARGET)',
    );
  });

  it('falls back to the exit code', () => {
    assert.strictEqual(npmFailureReason('something odd\n', 7), 'npm exited with code 7');
  });
});
