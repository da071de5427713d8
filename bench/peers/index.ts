import type { Peer } from './Peer.js';

/** A peer as the table names it; its code is loaded only by the worker that measures it. */
export interface PeerEntry {
  readonly id: string;
  /** How the row reads in the table. */
  readonly label: string;
  /** False for a baseline that calls no hooks (it only measures resolving). */
  readonly callsHooks: boolean;
  /**
   * Imports the peer's module. Lazily, so that a worker loads only the library it measures: its start-up, and its
   * peak RSS, carry no other peer's modules.
   */
  readonly load: () => Promise<Peer>;
}

/** Every peer, in the order the table shows them. */
export const peers: readonly PeerEntry[] = [
  { id: 'floor', label: 'floor', callsHooks: true, load: async () => (await import('./floor.js')).floor },
  { id: 'readygraph', label: 'readygraph (constructor injection)', callsHooks: true, load: async () => (await import('./readygraph.js')).readygraph },
  {
    id: 'readygraph-dependsOn',
    label: 'readygraph (@dependsOn, no injection)',
    callsHooks: true,
    load: async () => (await import('./readygraph.js')).readygraphDependsOn,
  },
  { id: 'inversify', label: 'InversifyJS getAsync + @postConstruct', callsHooks: true, load: async () => (await import('./inversify.js')).inversify },
  {
    id: 'inversify-resolve',
    label: 'InversifyJS getAsync, no hooks (resolving only)',
    callsHooks: false,
    load: async () => (await import('./inversify.js')).inversifyResolveOnly,
  },
  {
    id: 'readygraph-inversify6',
    label: 'readygraph on InversifyJS 6',
    callsHooks: true,
    load: async () => (await import('./inversify6.js')).readygraphOnInversify6,
  },
  {
    id: 'inversify6',
    label: 'InversifyJS 6 getAsync + @postConstruct',
    callsHooks: true,
    load: async () => (await import('./inversify6.js')).inversify6GetAsync,
  },
  { id: 'nest-factory', label: 'NestJS async useFactory', callsHooks: true, load: async () => (await import('./nestjs.js')).nestFactory },
  { id: 'nest-hooks', label: 'NestJS onModuleInit', callsHooks: true, load: async () => (await import('./nestjs.js')).nestHooks },
  { id: 'awilix-manager', label: 'awilix + awilix-manager asyncInit', callsHooks: true, load: async () => (await import('./awilix.js')).awilixManager },
  { id: 'avvio', label: 'avvio plugins (topological order)', callsHooks: true, load: async () => (await import('./avvio.js')).avvioPeer },
];

export function peerById(id: string): PeerEntry {
  const peer = peers.find((candidate) => candidate.id === id);
  if (peer === undefined) throw new Error(`unknown peer "${id}"; known: ${peers.map((candidate) => candidate.id).join(', ')}`);
  return peer;
}
