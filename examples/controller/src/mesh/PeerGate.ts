import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PeerInputError } from './PeerInputError.js';
import { newSession, type LinkBinding, type PeerKeys } from './PeerKeys.js';

/** The message type that asks a controller for a session (handled here, not by a PeerEndpoint handler). */
export const sessionMessageType = 'session';

/** Sessions issued to one peer and not yet used, beyond which the oldest is forgotten. */
const maxPendingPerPeer = 4;

/** A peer message that passed the gate: who sent it, and what its answer must be bound to. */
export interface AdmittedMessage {
  readonly sender: string;
  readonly type: string;
  readonly binding: LinkBinding;
}

/**
 * The receiving end of every link: which messages this controller accepts, and the signatures of its answers.
 *
 * A peer first asks for a session (`POST /mesh/v1/session`, signed, bound to a nonce of its own): the answer, signed
 * and bound to that nonce, is a fresh random session id. The peer's messages then carry that session and a counter
 * that grows by at least one per message; a message is accepted only if its session is the one this controller
 * issued to its signer (the first message on a newly issued one makes it the peer's session, and forgets the older)
 * and its counter is above the last accepted on it. A replayed or reordered message (counter not above) is 409; a
 * session this controller did not issue, or no longer holds (it restarted: sessions live in memory), is 401 with
 * `code: 'unknown-session'`, and the peer opens a new one. Both refusals come before any handler runs, so a refused
 * message changes nothing. Since every session is issued fresh by the receiver, a message captured in an earlier
 * session (before either side restarted) can never be accepted again.
 */
export class PeerGate {
  readonly #keys: PeerKeys;
  readonly #pending = new Map<string, string[]>();
  readonly #active = new Map<string, { readonly session: string; counter: number }>();

  public constructor(keys: PeerKeys) {
    this.#keys = keys;
  }

  /**
   * Checks a message of `type` (its signature, then its session and counter) and records its counter.
   *
   * @throws PeerInputError 401/403 (see PeerKeys.verifyRequest), 401 `unknown-session`, 409 replayed or reordered.
   */
  public admit(type: string, headers: IncomingHttpHeaders, body: string): AdmittedMessage {
    const { sender, binding } = this.#keys.verifyRequest(type, headers, body);
    if (type === sessionMessageType) {
      if (binding.session !== newSession) throw new PeerInputError(400, `a ${sessionMessageType} message asks for a new session (${newSession} and a nonce)`);
      return { sender, type, binding };
    }
    if (binding.session === newSession) throw new PeerInputError(401, `open a session before sending "${type}"`, 'unknown-session');
    const counter = Number(binding.counter);
    const active = this.#active.get(sender);
    if (active?.session === binding.session) {
      if (counter <= active.counter) {
        throw new PeerInputError(409, `a replayed or reordered message from "${sender}": counter ${counter} is not above ${active.counter}, the last accepted on its session`);
      }
      active.counter = counter;
      return { sender, type, binding };
    }
    if (!(this.#pending.get(sender) ?? []).includes(binding.session)) {
      throw new PeerInputError(401, `"${sender}" sent on a session this controller does not hold (it may have restarted); open a new one`, 'unknown-session');
    }
    this.#pending.delete(sender);
    this.#active.set(sender, { session: binding.session, counter });
    return { sender, type, binding };
  }

  /** A fresh session for the sender of an admitted `session` message: the body of the answer. */
  public open(message: AdmittedMessage): { readonly session: string } {
    const session = randomBytes(16).toString('base64url');
    const pending = [...(this.#pending.get(message.sender) ?? []), session].slice(-maxPendingPerPeer);
    this.#pending.set(message.sender, pending);
    return { session };
  }

  /** The signature header of `body` as the answer to `message`. */
  public signAnswer(message: AdmittedMessage, body: string): string {
    return this.#keys.signAnswer(message.sender, message.type, message.binding, body);
  }
}
