import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControllerConfigInput } from '../../src/config/controllerConfigSchema.js';
import { PeerKeys, type NodeKeyPair } from '../../src/mesh/PeerKeys.js';

export const testSecret = 'a-test-cluster-secret-0123456789';

const keyPairs = new Map<string, NodeKeyPair>();

/** The key pair of controller `id` in this test process: made on first use, the same in every config that names it. */
export function testKeys(id: string): NodeKeyPair {
  let pair = keyPairs.get(id);
  if (pair === undefined) {
    pair = PeerKeys.generate();
    keyPairs.set(id, pair);
  }
  return pair;
}

/** Writes `<dir>/<id>.json` for a controller listening on `port` whose peers are `peers` (id → port). */
export async function writeNodeConfig(dir: string, id: string, port: number, peers: Record<string, number>): Promise<string> {
  const config: ControllerConfigInput = {
    id,
    dataDir: join(dir, id),
    web: { bind: { host: '127.0.0.1', port } },
    cluster: {
      secret: testSecret,
      privateKey: testKeys(id).privateKey,
      peers: Object.entries(peers).map(([peer, peerPort]) => ({ id: peer, address: `127.0.0.1:${peerPort}`, publicKey: testKeys(peer).publicKey })),
    },
    mesh: { retryMs: 50, maxRetryMs: 300, heartbeatMs: 300, requestTimeoutMs: 1_000 },
  };
  const file = join(dir, `${id}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}
