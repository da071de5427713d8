import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import { dependsOn, inLayer, type Layer } from 'readygraph';

/**
 * The seed's shape, bound in a new container: `XWeb` in the web layer; a plain `ApiAddresses` provider that injects
 * it; `RaftNode` in the consensus layer, which injects the provider (so it reaches the web layer only through a plain
 * service) and, with `clusterConfig`, also declares `@dependsOn(ClusterConfig)`.
 */
export function seedRaceContainer(layers: { readonly web: Layer; readonly consensus: Layer }, options: { readonly clusterConfig?: boolean } = {}): Container {
  @injectable('Singleton')
  class ClusterConfig {
    public onReady(): void {}
  }
  @injectable('Singleton')
  @inLayer(layers.web)
  class XWeb {
    public onReady(): void {}
    public onStop(): void {}
  }
  @injectable('Singleton')
  class ApiAddresses {
    public constructor(@inject(XWeb) public readonly web: XWeb) {}
  }
  @injectable('Singleton')
  @inLayer(layers.consensus)
  class RaftNode {
    public constructor(@inject(ApiAddresses) public readonly addresses: ApiAddresses) {}
    public onReady(): void {}
  }
  const container = new Container();
  if (options.clusterConfig === true) {
    dependsOn(ClusterConfig)(RaftNode);
    container.bind(ClusterConfig).toSelf();
  }
  container.bind(XWeb).toSelf();
  container.bind(ApiAddresses).toSelf();
  container.bind(RaftNode).toSelf();
  return container;
}
