import { injectable } from 'inversify';

/**
 * Handles one kind of peer message; its result is the JSON reply. `sender` is the peer whose signature the message
 * carries (the web layer checked it): a body that speaks for another controller is refused with PeerInputError 403.
 */
export type PeerMessageHandler = (body: unknown, sender: string) => unknown;

/**
 * The peer endpoint's switchboard. The web layer serves `POST /mesh/v1/<type>` (with the cluster secret, signed
 * by its sender) and hands each message to the handler registered for its type; the consensus layer registers its handlers
 * when it starts (`hello` by the mesh; a Raft node would add its RPCs). Until a type has a handler the web layer
 * answers 503, so that a peer retries instead of talking to a half-started mesh.
 *
 * It is a plain service on purpose: both layers use it, and neither has to inject the other.
 */
@injectable('Singleton')
export class PeerEndpoint {
  private readonly handlers = new Map<string, PeerMessageHandler>();

  /** Registers the handler of `type`; returns the function that removes it. */
  public handle(type: string, handler: PeerMessageHandler): () => void {
    if (this.handlers.has(type)) throw new Error(`peer message type "${type}" already has a handler`);
    this.handlers.set(type, handler);
    return () => this.handlers.delete(type);
  }

  /** The handler of `type`, if one is registered. */
  public handlerOf(type: string): PeerMessageHandler | undefined {
    return this.handlers.get(type);
  }
}
