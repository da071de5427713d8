import { z } from 'zod';
import { fetchJson } from '../cluster/fetchJson.js';
import type { WriteTarget } from './WriteClient.js';

/** What controller `node` recorded as `peer`'s edge-management address, against where `peer` is now. */
export interface PeerView {
  readonly node: string;
  readonly peer: string;
  /** The edge-management URL of `peer`'s last hello, as `node` lists it; absent if it lists none (or did not answer). */
  readonly recorded?: string;
  /** Where `peer`'s edge-management API is now (from its config file). */
  readonly current: string;
  readonly isCurrent: boolean;
}

const listingSchema = z.object({
  data: z.array(z.object({ id: z.string(), isSelf: z.boolean(), apiAddresses: z.record(z.string(), z.array(z.object({ url: z.string() }))) })),
});

/**
 * Every controller's view of every other controller's edge-management address (`GET /edge/management/v1/controllers`
 * on each), each marked current or stale against the address the peer has now.
 */
export async function peerViews(targets: readonly WriteTarget[]): Promise<PeerView[]> {
  const views = await Promise.all(
    targets.map(async (target) => {
      const answer = await fetchJson(`${target.url}/edge/management/v1/controllers`, 2_000).catch(() => undefined);
      const listing = listingSchema.safeParse(answer?.body);
      const recorded = new Map(listing.success ? listing.data.data.filter((entry) => !entry.isSelf).map((entry) => [entry.id, entry.apiAddresses['edge-management']?.[0]?.url] as const) : []);
      return targets
        .filter((peer) => peer !== target)
        .map((peer): PeerView => {
          const current = `${peer.url}/edge/management/v1`;
          const url = recorded.get(peer.id);
          return { node: target.id, peer: peer.id, ...(url === undefined ? {} : { recorded: url }), current, isCurrent: url === current };
        });
    }),
  );
  return views.flat();
}
