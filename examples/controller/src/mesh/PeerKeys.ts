import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PeerInputError } from './PeerInputError.js';

/** One controller's Ed25519 key pair, each key as base64 DER (PKCS#8 private, SPKI public): one line in a JSON file. */
export interface NodeKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The headers that carry a peer message's signature. */
const senderHeader = 'x-controller-id';
const signatureHeader = 'x-controller-signature';

/**
 * Who this controller is to its peers, and who they are to it. Every controller has a key pair of its own (its
 * private key in its configuration, each peer's public key in the peers' list), and signs every message it sends to
 * a peer: the sender's id, the receiver's id, the message type and the exact body. The cluster secret admits a
 * request; the signature says which controller sent it, so a holder of the secret can no longer speak for another.
 * Replies are not signed (the peer was dialled at its configured address; TLS would cover the way back).
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
  public sign(to: string, type: string, body: string): Record<string, string> {
    return { [senderHeader]: this.#id, [signatureHeader]: sign(null, signedText(this.#id, to, type, body), this.#privateKey).toString('base64') };
  }

  /**
   * The id of the peer that signed this message of `type` to this controller.
   *
   * @throws PeerInputError 401 when the signature is missing or does not verify; 403 when the claimed sender is not
   *   a peer of this controller.
   */
  public authenticate(type: string, headers: IncomingHttpHeaders, body: string): string {
    const sender = headers[senderHeader];
    const signature = headers[signatureHeader];
    if (typeof sender !== 'string' || typeof signature !== 'string') {
      throw new PeerInputError(401, `peer messages must be signed with the sender's key (headers ${senderHeader} and ${signatureHeader})`);
    }
    const key = this.#peers.get(sender);
    if (key === undefined) throw new PeerInputError(403, `"${sender.slice(0, 64)}" is not a peer of this controller`);
    if (!verify(null, signedText(sender, this.#id, type, body), key, Buffer.from(signature, 'base64'))) {
      throw new PeerInputError(401, `the signature does not verify with the key of "${sender}"; is its public key in cluster.peers up to date?`);
    }
    return sender;
  }
}

function signedText(from: string, to: string, type: string, body: string): Buffer {
  // The ids and the type cannot contain a newline (their schemas), so the fields cannot run into each other.
  return Buffer.from(`controller-peer-message\n${from}\n${to}\n${type}\n${body}`, 'utf8');
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
