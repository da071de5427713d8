import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sessionMessageType } from './PeerGate.js';
import { newSession, peerHeaders, type LinkBinding, type PeerKeys } from './PeerKeys.js';
import type { PeerAnswer, PeerPost } from './sendToPeer.js';

/** A peer answered with an error status (it is up, but refused or could not take the message). */
export class PeerRefusedError extends Error {
  public override readonly name = 'PeerRefusedError';

  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const sessionAnswerSchema = z.strictObject({ session: z.string().regex(/^[A-Za-z0-9_-]{22}$/) });

/**
 * The sending end of this controller's link to one peer (see PeerGate for the receiving end): it asks the peer for a
 * session when it has none, numbers every message on it, signs it, and accepts an answer only if the peer signed it
 * for that very message. When the peer no longer holds the session (it restarted), the message, refused before it was
 * handled, is sent once more on a new session.
 */
export class OutboundLink {
  readonly #keys: PeerKeys;
  readonly #peer: string;
  readonly #post: PeerPost;
  #session: { readonly id: string; counter: number } | undefined;
  #opening: Promise<{ readonly id: string; counter: number }> | undefined;

  public constructor(options: { readonly keys: PeerKeys; readonly peer: string; readonly post: PeerPost }) {
    this.#keys = options.keys;
    this.#peer = options.peer;
    this.#post = options.post;
  }

  /**
   * Sends a message of `type` and returns the peer's JSON answer. Rejects on a network error or `signal`, a non-2xx
   * answer (PeerRefusedError), or an answer that the peer did not sign for this message. `timeoutMs`, when given, is
   * how long the transport waits for this message's answer (a forwarded write waits for its commit).
   */
  public async send(type: string, body: unknown, signal?: AbortSignal, timeoutMs?: number): Promise<unknown> {
    const text = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const session = await this.#currentSession(signal);
      const binding = { session: session.id, counter: String(++session.counter) };
      const answer = await this.#post({ type, text, headers: this.#keys.signRequest(this.#peer, type, binding, text) }, signal, timeoutMs);
      if (attempt === 1 && answer.status === 401 && codeOf(answer.text) === 'unknown-session') {
        if (this.#session === session) this.#session = undefined;
        continue;
      }
      return this.#verified(type, binding, answer);
    }
  }

  async #currentSession(signal: AbortSignal | undefined): Promise<{ readonly id: string; counter: number }> {
    if (this.#session !== undefined) return this.#session;
    this.#opening ??= this.#open(signal).finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #open(signal: AbortSignal | undefined): Promise<{ readonly id: string; counter: number }> {
    const binding = { session: newSession, counter: randomBytes(16).toString('base64url') };
    const text = '{}';
    const answer = await this.#post({ type: sessionMessageType, text, headers: this.#keys.signRequest(this.#peer, sessionMessageType, binding, text) }, signal);
    const parsed = sessionAnswerSchema.safeParse(this.#verified(sessionMessageType, binding, answer));
    if (!parsed.success) throw new Error(`${this.#peer} answered a session request without a session`);
    this.#session = { id: parsed.data.session, counter: 0 };
    return this.#session;
  }

  #verified(type: string, binding: LinkBinding, answer: PeerAnswer): unknown {
    if (answer.status < 200 || answer.status >= 300) {
      throw new PeerRefusedError(answer.status, `peer ${this.#peer} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    }
    this.#keys.verifyAnswer(this.#peer, type, binding, answer.text, answer.headers.get(peerHeaders.signature));
    return answer.text === '' ? undefined : (JSON.parse(answer.text) as unknown);
  }
}

function codeOf(text: string): unknown {
  try {
    return (JSON.parse(text) as { code?: unknown } | null)?.code;
  } catch {
    return undefined;
  }
}
