import { z } from 'zod';
import { fetchJson } from '../cluster/fetchJson.js';
import { pollUntil } from './pollUntil.js';
import type { AcknowledgedWrite, WriteTarget } from './WriteClient.js';

/** What one controller holds of the client's writes, read linearizably. */
export interface ReadBack {
  readonly node: string;
  /** Keys of acknowledged writes this controller does not hold with the acknowledged value. */
  readonly lost: readonly string[];
  /** Keys of ambiguous writes it holds: they were committed after all. */
  readonly committedAmbiguous: readonly string[];
  /** Why it could not be read (then `lost` is empty: nothing was verified there). */
  readonly error?: string;
}

const listingSchema = z.object({ data: z.array(z.object({ name: z.string(), value: z.unknown() })) });

/**
 * Reads the replicated services on every controller with a linearizable read (`GET /edge/management/v1/services`,
 * the default consistency: the copy read holds every write acknowledged before the read), retrying a 503 (not
 * available yet) for up to `timeoutMs`, and compares them with the acknowledged writes and the ambiguous keys.
 */
export async function readBack(targets: readonly WriteTarget[], writes: { readonly acknowledged: readonly AcknowledgedWrite[]; readonly ambiguous: readonly string[] }, options: { readonly timeoutMs: number }): Promise<ReadBack[]> {
  return Promise.all(
    targets.map(async (target): Promise<ReadBack> => {
      let held: Map<string, string> | undefined;
      let lastAnswer = 'no answer';
      await pollUntil(
        async () => {
          const { status, body } = await fetchJson(`${target.url}/edge/management/v1/services`, 5_000);
          const listing = listingSchema.safeParse(body);
          lastAnswer = `${status} ${JSON.stringify(body).slice(0, 200)}`;
          if (status !== 200 || !listing.success) return false;
          held = new Map(listing.data.data.map((entry) => [entry.name, JSON.stringify(entry.value)]));
          return true;
        },
        { timeoutMs: options.timeoutMs, intervalMs: 200 },
      );
      if (held === undefined) return { node: target.id, lost: [], committedAmbiguous: [], error: `no linearizable read within ${options.timeoutMs} ms (last answer: ${lastAnswer})` };
      const copy = held;
      return {
        node: target.id,
        lost: writes.acknowledged.filter((write) => copy.get(write.key) !== JSON.stringify(write.value)).map((write) => write.key),
        committedAmbiguous: writes.ambiguous.filter((key) => copy.has(key)),
      };
    }),
  );
}
