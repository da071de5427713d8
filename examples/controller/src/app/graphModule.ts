// The controller's container for readygraph's CLI, which imports a module and prints its readiness graph without
// constructing anything:
//
//   npx readygraph graph build/examples/controller/src/app/graphModule.js --format mermaid
//   npx readygraph check build/examples/controller/src/app/graphModule.js
//
// Importing this module has no side effects: the configuration is a sample value (nothing is read until Config's
// onReady, which the CLI never calls), the logger is silent, no port is opened.
import 'reflect-metadata';
import { pino } from 'pino';
import type { ControllerConfigInput } from '../config/controllerConfigSchema.js';
import { PeerKeys } from '../mesh/PeerKeys.js';
import { createContainer } from './createContainer.js';
import { RuntimeHealth } from './RuntimeHealth.js';

const [self, second, third] = [PeerKeys.generate(), PeerKeys.generate(), PeerKeys.generate()];

/** A 3-controller cluster's first node, as the runner would configure it (fresh keys: nothing secret is kept here). */
const sampleConfig: ControllerConfigInput = {
  id: 'ctrl-1',
  dataDir: '/var/lib/controller/ctrl-1',
  web: { bind: { host: '127.0.0.1', port: 1280 } },
  cluster: {
    secret: 'sample-cluster-secret-0123456789',
    privateKey: self.privateKey,
    peers: [
      { id: 'ctrl-2', address: '127.0.0.1:1281', publicKey: second.publicKey },
      { id: 'ctrl-3', address: '127.0.0.1:1282', publicKey: third.publicKey },
    ],
  },
};

export const container = createContainer({ config: { value: sampleConfig }, logger: pino({ level: 'silent' }), health: new RuntimeHealth() });
