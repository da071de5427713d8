import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PeerInputError } from './PeerInputError.js';

/** One controller's Ed25519 key pair, each key as base64 DER (PKCS#8 private, SPKI public): one line in a JSON file. */
export interface NodeKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/**
 * What binds a message to its place on a link and its answer to the message: the session the receiver opened for
 * the sender and the message's counter on it, or, for the message that asks for a session, `session: 'new'` and a
 * fresh random nonce as the counter.
 */
export interface LinkBinding {
  readonly session: string;
  readonly counter: string;
}

/** The session of the message that asks for one (see LinkBinding). */
export const newSession = 'new';

/** The headers of a peer message and of its answer. */
export const peerHeaders = {
  sender: 'x-controller-id',
  session: 'x-controller-session',
  counter: 'x-controller-counter',
  signature: 'x-controller-signature',
} as const;

/** A session id or a nonce: 16 random bytes, base64url. */
const tokenPattern = /^[A-Za-z0-9_-]{22}$/;
const counterPattern = /^[1-9][0-9]{0,15}$/;

/**
 * Who this controller is to its peers, and who they are to it. Every controller has a key pair of its own (its
 * private key in its configuration, each peer's public key in the peers' list). A message to a peer is signed over
 * the sender, the receiver, the message type, its binding (session and counter) and the SHA-256 of the exact body;
 * the answer is signed by the receiver over the same fields with the answer's body, so an answer is valid only for
 * the message it answers, and only as coming from the peer that was meant.
 */
export class PeerKeys {
  readonly #id: string;
  readonly #privateKey: KeyObject;
  readonly #peers: ReadonlyMap<string, KeyObject>;

  /** @throws Error when a key is not a base64 DER Ed25519 key of its kind (validateConfig names the field first). */
  public constructor(options: { id: string; privateKey: string; peers: ReadonlyArray<{ id: string; publicKey: string }> }) {
    this.#id = options.id;
    this.#privateKey = privateKeyOf(options.privateKey);
    this.#peers = new Map(options.peers.map((peer) => [peer.id, publicKeyOf(peer.publicKey)]));
  }

  /** This controller's id. */
  public get id(): string {
    return this.#id;
  }

  /** A fresh key pair for a controller (the cluster runner and the tests make one per controller). */
  public static generate(): NodeKeyPair {
    const pair = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
    return { privateKey: pair.privateKey.toString('base64'), publicKey: pair.publicKey.toString('base64') };
  }

  /** Why `key` is not usable as the `kind` key of a controller, or undefined if it is. */
  public static problemWith(key: string, kind: 'private' | 'public'): string | undefined {
    try {
      if (kind === 'private') privateKeyOf(key);
      else publicKeyOf(key);
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /** The headers that sign `body` (the exact text sent) as a message of `type` from this controller to `to`. */
  public signRequest(to: string, type: string, binding: LinkBinding, body: string): Record<string, string> {
    return {
      [peerHeaders.sender]: this.#id,
      [peerHeaders.session]: binding.session,
      [peerHeaders.counter]: binding.counter,
      [peerHeaders.signature]: this.#sign(signedText('request', this.#id, to, type, binding, body)),
    };
  }

  /**
   * The peer that signed this message of `type` to this controller, and the message's binding.
   *
   * @throws PeerInputError 401 when the signature or its binding is missing or malformed, or the signature does not
   *   verify; 403 when the claimed sender is not a peer of this controller.
   */
  public verifyRequest(type: string, headers: IncomingHttpHeaders, body: string): { readonly sender: string; readonly binding: LinkBinding } {
    const { sender, session, counter, signature } = {
      sender: headers[peerHeaders.sender],
      session: headers[peerHeaders.session],
      counter: headers[peerHeaders.counter],
      signature: headers[peerHeaders.signature],
    };
    if (typeof sender !== 'string' || typeof signature !== 'string' || typeof session !== 'string' || typeof counter !== 'string') {
      throw new PeerInputError(401, `peer messages must be signed with the sender's key (headers ${Object.values(peerHeaders).join(', ')})`);
    }
    const key = this.#peers.get(sender);
    if (key === undefined) throw new PeerInputError(403, `"${sender.slice(0, 64)}" is not a peer of this controller`);
    const wellFormed = session === newSession ? tokenPattern.test(counter) : tokenPattern.test(session) && counterPattern.test(counter) && Number.isSafeInteger(Number(counter));
    if (!wellFormed) throw new PeerInputError(401, `malformed ${peerHeaders.session} or ${peerHeaders.counter}: a session and a counter from 1, or "${newSession}" and a nonce`);
    const binding = { session, counter };
    if (!verify(null, signedText('request', sender, this.#id, type, binding, body), key, Buffer.from(signature, 'base64'))) {
      throw new PeerInputError(401, `the signature does not verify with the key of "${sender}"; is its public key in cluster.peers up to date?`);
    }
    return { sender, binding };
  }

  /** The signature of `body` as this controller's answer to `to`'s message of `type` with `binding`. */
  public signAnswer(to: string, type: string, binding: LinkBinding, body: string): string {
    return this.#sign(signedText('answer', this.#id, to, type, binding, body));
  }

  /**
   * Checks that `body` is peer `from`'s answer to this controller's message of `type` with `binding`.
   *
   * @throws Error naming the peer when the signature is missing or does not verify (an answer made up by someone
   *   else, or given to another message).
   */
  public verifyAnswer(from: string, type: string, binding: LinkBinding, body: string, signature: string | null): void {
    const key = this.#peers.get(from);
    if (key === undefined) throw new Error(`"${from}" is not a peer of this controller`);
    if (signature === null || !verify(null, signedText('answer', from, this.#id, type, binding, body), key, Buffer.from(signature, 'base64'))) {
      throw new Error(`the answer to a ${type} message is not signed by ${from} for that message: dropped`);
    }
  }

  #sign(text: Buffer): string {
    return sign(null, text, this.#privateKey).toString('base64');
  }
}

function signedText(kind: 'request' | 'answer', from: string, to: string, type: string, binding: LinkBinding, body: string): Buffer {
  // Ids, the type, the session and the counter cannot contain a newline (their patterns): the fields cannot run
  // into each other. The body is hashed, so a signature costs the same for any size.
  const digest = createHash('sha256').update(body, 'utf8').digest('hex');
  return Buffer.from(`controller-peer-${kind}\n${from}\n${to}\n${type}\n${binding.session}\n${binding.counter}\n${digest}`, 'utf8');
}

function privateKeyOf(key: string): KeyObject {
  const object = createPrivateKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'pkcs8' });
  if (object.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${object.asymmetricKeyType ?? 'another kind'}`);
  return object;
}

function publicKeyOf(key: string): KeyObject {
  const object = createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
  if (object.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${object.asymmetricKeyType ?? 'another kind'}`);
  return object;
}
