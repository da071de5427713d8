import { helloSchema, type Hello } from './helloSchema.js';
import { PeerInputError } from './PeerInputError.js';

/**
 * Validates a hello received from a peer.
 *
 * @throws PeerInputError 400 naming each malformed field; 403 when the sender is not one of `peerIds`.
 */
export function parseHello(body: unknown, peerIds: readonly string[]): Hello {
  const parsed = helloSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
    throw new PeerInputError(400, `malformed hello: ${problems.join('; ')}`);
  }
  if (!peerIds.includes(parsed.data.id)) throw new PeerInputError(403, `"${parsed.data.id}" is not a peer of this controller`);
  return parsed.data;
}
