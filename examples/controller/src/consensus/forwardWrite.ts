import { z } from 'zod';
import { PeerRefusedError } from '../mesh/OutboundLink.js';
import type { WriteAnswer } from './RaftGateway.js';
import type { ServiceCommand } from './serviceCommandSchema.js';

/** The leader's answer to a forwarded write: the status and body its management API would have answered. */
export const writeAnswerSchema = z.strictObject({ status: z.int().min(100).max(599), body: z.unknown() });

/**
 * Forwards a write to the leader as a signed peer message (`send`: a `write` message on the mesh, whose answer the
 * leader signs for this very message) and relays the leader's answer. When no answer comes back, the 503 says what is
 * known: a refused connection, or a refusal of the message before it was handled (the leader's gate: 4xx, or 503 when
 * the leader does not take writes yet), means the write was never taken; any other failure (a reset, a timeout, a
 * garbled answer) came after the leader may have appended it, so it may have been committed, and the client should
 * read it back before writing again (a PUT or DELETE may simply be repeated: both are idempotent).
 */
export async function forwardWrite(options: { leader: string; command: ServiceCommand; send: (command: ServiceCommand) => Promise<unknown> }): Promise<WriteAnswer> {
  const { leader, command } = options;
  const path = `/edge/management/v1/services/${encodeURIComponent(command.name)}`;
  const maybeCommitted = (reason: string): WriteAnswer => ({
    status: 503,
    body: { error: `forwarded the write to the leader ${leader}, but its answer was lost (${reason}): it may have been committed; read it back (GET ${path}) before retrying` },
  });
  let answer: unknown;
  try {
    answer = await options.send(command);
  } catch (error) {
    const reason = describe(error);
    if (reason.includes('ECONNREFUSED') || (error instanceof PeerRefusedError && error.status !== 500)) {
      return { status: 503, body: { error: `could not reach the leader ${leader} (${reason}): the write was not sent; retry it` } };
    }
    return maybeCommitted(reason);
  }
  const parsed = writeAnswerSchema.safeParse(answer);
  return parsed.success ? { status: parsed.data.status, body: parsed.data.body } : maybeCommitted('the answer is not a write answer');
}

/** The error's message and, for fetch's "fetch failed", its cause's (where the connection error is). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}
