import * as assert from 'assert';
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
      'FetchError: request to http://127.0.0.1:9/@tensorflow%2ftfjs-node failed, reason: connect ECONNREFUSED 127.0.0.1:9 (npm error ECONNREFUSED)',
    );
  });

  it('names a failed install script (libtensorflow could not be downloaded)', () => {
    const out = [
      'npm error code 1',
      'npm error path /g/native-backend/node_modules/@tensorflow/tfjs-node',
      'npm error command failed',
      'npm error command sh -c node scripts/install.js',
      'npm error Error: getaddrinfo ENOTFOUND storage.googleapis.com',
    ].join('\n');
    assert.strictEqual(
      npmFailureReason(out, 1),
      'command failed: Error: getaddrinfo ENOTFOUND storage.googleapis.com (npm error 1)',
    );
  });

  it('falls back to the exit code', () => {
    assert.strictEqual(npmFailureReason('something odd\n', 7), 'npm exited with code 7');
  });
});
