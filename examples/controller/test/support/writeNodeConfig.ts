import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControllerConfigInput } from '../../src/config/controllerConfigSchema.js';

export const testSecret = 'a-test-cluster-secret-0123456789';

/** Writes `<dir>/<id>.json` for a controller listening on `port` whose peers are `peers` (id → port). */
export async function writeNodeConfig(dir: string, id: string, port: number, peers: Record<string, number>): Promise<string> {
  const config: ControllerConfigInput = {
    id,
    dataDir: join(dir, id),
    web: { bind: { host: '127.0.0.1', port }, loadDelayMs: 50 },
    cluster: { secret: testSecret, peers: Object.entries(peers).map(([peer, peerPort]) => ({ id: peer, address: `127.0.0.1:${peerPort}` })) },
    mesh: { retryMs: 50, maxRetryMs: 300, heartbeatMs: 300, requestTimeoutMs: 1_000 },
  };
  const file = join(dir, `${id}.json`);
  await writeFile(file, JSON.stringify(config));
  return file;
}
