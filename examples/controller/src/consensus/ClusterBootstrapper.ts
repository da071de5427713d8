import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Logger as PinoLogger } from 'pino';
import { dependsOn, inLayer, type OnReady, type ReadyContext } from 'readygraph';
import { logEvent } from '../app/logEvent.js';
import { Config } from '../config/Config.js';
import { Consensus } from '../layers.js';
import { Mesh } from '../mesh/Mesh.js';
import { Storage } from '../storage/Storage.js';
import { Logger } from '../tokens.js';

/**
 * Forms the cluster: waits until this controller has met enough peers (`cluster.minClusterSize` controllers, itself
 * included; default a majority), then records the cluster in storage. A controller that already belongs to a cluster
 * (a restart) rejoins at once. It is ready once the controller is part of a cluster, which is when `/readyz` turns 200.
 */
@injectable('Singleton')
@inLayer(Consensus)
// Stated, not left to injection alone: bootstrapping needs the mesh's links, whatever this class happens to inject.
@dependsOn(Mesh)
export class ClusterBootstrapper implements OnReady {
  public constructor(
    @inject(Config) private readonly config: Config,
    @inject(Mesh) private readonly mesh: Mesh,
    @inject(Storage) private readonly storage: Storage,
    @inject(Logger) private readonly logger: PinoLogger,
  ) {}

  public async onReady({ signal }: ReadyContext): Promise<void> {
    const existing = this.storage.state.cluster;
    if (existing !== undefined) {
      logEvent(this.logger, { type: 'cluster:rejoined', clusterId: existing.id });
      return;
    }
    const { id, cluster } = this.config.value;
    const size = cluster.peers.length + 1;
    const needed = cluster.minClusterSize ?? Math.floor(size / 2) + 1;
    await this.mesh.whenConnected(needed - 1, signal);
    const members = [id, ...this.mesh.connectedPeers()].sort();
    // Every member derives the same id from the configured membership, so no extra round of agreement is needed here.
    const clusterId = createHash('sha256')
      .update([id, ...cluster.peers.map((peer) => peer.id)].sort().join(','))
      .digest('hex')
      .slice(0, 16);
    await this.storage.update((state) => ({ ...state, cluster: { id: clusterId, bootstrappedAt: new Date().toISOString(), members } }));
    logEvent(this.logger, { type: 'cluster:bootstrapped', clusterId, members });
  }
}
