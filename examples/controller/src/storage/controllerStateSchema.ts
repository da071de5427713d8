import { z } from 'zod';
import { apiAddressesSchema } from '../mesh/apiAddresses.js';

/** What a peer told this controller in its last hello that changed something. */
const peerRecordSchema = z.object({
  address: z.string(),
  apiAddresses: apiAddressesSchema,
  /** ISO time of the first hello received from this peer. */
  firstHelloAt: z.string(),
  /** ISO time of the last hello that changed this record. */
  updatedAt: z.string(),
});

/** The controller's durable state: `<dataDir>/controller-state.json`. */
export const controllerStateSchema = z.object({
  version: z.literal(1),
  /** The controller the data directory belongs to; a directory is never shared by two controllers. */
  nodeId: z.string(),
  /** Set once by the bootstrapper; a restarted controller rejoins instead of bootstrapping again. */
  cluster: z.object({ id: z.string(), bootstrappedAt: z.string(), members: z.array(z.string()) }).optional(),
  peers: z.record(z.string(), peerRecordSchema),
});

export type PeerRecord = z.infer<typeof peerRecordSchema>;
export type ControllerState = z.infer<typeof controllerStateSchema>;
