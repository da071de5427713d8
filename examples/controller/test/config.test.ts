import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { pino } from 'pino';
import { Config } from '../src/config/Config.js';
import { ConfigError } from '../src/config/ConfigError.js';
import { loadConfigFile } from '../src/config/loadConfigFile.js';
import { tempDir } from './support/tempDir.js';
import { testKeys } from './support/writeNodeConfig.js';

const valid = {
  id: 'ctrl-1',
  dataDir: '/tmp/ctrl-1',
  web: { bind: { host: '127.0.0.1', port: 1280 } },
  cluster: { secret: 'a-secret-of-sixteen-chars', privateKey: testKeys('ctrl-1').privateKey, peers: [{ id: 'ctrl-2', address: '127.0.0.1:1281', publicKey: testKeys('ctrl-2').publicKey }] },
};

async function fileWith(t: TestContext, content: unknown): Promise<string> {
  const file = join(await tempDir(t), 'config.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function refusal(t: TestContext, content: unknown): Promise<ConfigError> {
  const file = await fileWith(t, content);
  const error = await loadConfigFile(file).then(
    () => assert.fail('the file was accepted'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  assert.match(error.message, new RegExp(`^config ${file}: `));
  return error;
}

describe('controller configuration file', () => {
  void test('a valid file is loaded with the defaults applied', async (t) => {
    const config = await loadConfigFile(await fileWith(t, valid));
    assert.equal(config.id, 'ctrl-1');
    assert.deepEqual(config.web.apis, ['edge-management', 'health-checks']);
    assert.equal(config.mesh.retryMs, 100);
    assert.equal(config.log.level, 'info');
  });

  void test('a field of the wrong type is refused, naming the field', async (t) => {
    const error = await refusal(t, { ...valid, web: { bind: { host: '127.0.0.1', port: 'http' } } });
    assert.deepEqual(error.fields, ['web.bind.port']);
    assert.match(error.message, /web\.bind\.port: .*expected number/);
  });

  void test('a missing field is refused, naming the field', async (t) => {
    const error = await refusal(t, { ...valid, cluster: { peers: [] } });
    assert.deepEqual(error.fields, ['cluster.secret', 'cluster.privateKey']);
  });

  void test('a short secret, a bad peer address and an unknown key are all named', async (t) => {
    const error = await refusal(t, {
      ...valid,
      cluster: { ...valid.cluster, secret: 'short', peers: [{ id: 'ctrl-2', address: 'not an address', publicKey: testKeys('ctrl-2').publicKey }] },
      mesh: { retryMs: 100, heartbeet: 5 },
    });
    assert.deepEqual([...error.fields].sort(), ['cluster.peers.0.address', 'cluster.secret', 'mesh']);
    assert.match(error.message, /cluster\.secret: must be at least 16 characters/);
    assert.match(error.message, /heartbeet/);
  });

  void test('a peer with the controller’s own id is refused', async (t) => {
    const error = await refusal(t, { ...valid, cluster: { ...valid.cluster, peers: [{ id: 'ctrl-1', address: '127.0.0.1:1', publicKey: testKeys('ctrl-1').publicKey }] } });
    assert.deepEqual(error.fields, ['cluster.peers']);
  });

  void test('keys that are not Ed25519 keys of their kind are refused, each named', async (t) => {
    const error = await refusal(t, {
      ...valid,
      cluster: { ...valid.cluster, privateKey: testKeys('ctrl-1').publicKey, peers: [{ id: 'ctrl-2', address: '127.0.0.1:1281', publicKey: 'bm90IGEga2V5' }] },
    });
    assert.deepEqual(error.fields, ['cluster.privateKey', 'cluster.peers.0.publicKey']);
    assert.match(error.message, /cluster\.privateKey: not a base64 DER Ed25519 key/);
  });

  void test('request and connection deadlines default to 10 s and 60 s; an idle timeout shorter than a write may take is refused', async (t) => {
    const config = await loadConfigFile(await fileWith(t, valid));
    assert.deepEqual([config.web.requestTimeoutMs, config.web.idleTimeoutMs], [10_000, 60_000]);
    const error = await refusal(t, { ...valid, web: { ...valid.web, idleTimeoutMs: 3_000 } });
    assert.deepEqual(error.fields, ['web.idleTimeoutMs']);
  });

  void test('a minimum cluster size larger than the cluster is refused', async (t) => {
    const error = await refusal(t, { ...valid, cluster: { ...valid.cluster, minClusterSize: 3 } });
    assert.deepEqual(error.fields, ['cluster.minClusterSize']);
  });

  void test('a file that is not JSON is refused as such', async (t) => {
    const error = await refusal(t, '{ "id": ');
    assert.match(error.message, /not valid JSON/);
  });

  void test('a missing file is refused with the path', async (t) => {
    const file = join(await tempDir(t), 'absent.json');
    await assert.rejects(loadConfigFile(file), (error: unknown) => error instanceof ConfigError && error.message.includes('cannot read the file'));
  });
});

describe('configuration reload (SIGHUP)', () => {
  void test('adopts a changed web section and says so; refuses a change elsewhere or a bad file, keeping the running configuration', async (t) => {
    const file = await fileWith(t, valid);
    const config = new Config({ file }, pino({ level: 'silent' }));
    await config.onReady();
    assert.deepEqual(await config.reload(), { webChanged: false }, 'nothing changed');

    await writeFile(file, JSON.stringify({ ...valid, web: { bind: { host: '127.0.0.1', port: 1290 } } }));
    assert.deepEqual(await config.reload(), { webChanged: true });
    assert.equal(config.value.web.bind.port, 1290);

    await writeFile(file, JSON.stringify({ ...valid, web: { bind: { host: '127.0.0.1', port: 1291 } }, mesh: { heartbeatMs: 200 } }));
    await assert.rejects(config.reload(), { message: /only the web and log sections can be reloaded; restart the process to apply other changes/ });
    await writeFile(file, JSON.stringify({ ...valid, web: { bind: { host: '127.0.0.1', port: 'x' } } }));
    await assert.rejects(config.reload(), ConfigError);
    assert.equal(config.value.web.bind.port, 1290, 'the running configuration stays');
  });
});
