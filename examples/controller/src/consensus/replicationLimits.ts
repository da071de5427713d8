import { maxPeerTerm, type RaftMessage } from '../machinery/raft/index.js';

/** How deeply any JSON body may nest: the web server refuses a deeper one with 400 before anything parses it. */
export const maxJsonDepth = 64;

/** Largest request body a controller accepts, in bytes (the web server's limit; larger is 413). */
export const maxBodyBytes = 64 * 1024;

/**
 * How many levels above a service's value an AppendEntries adds: the message, its `entries` array, the entry, the
 * command; the value object is the fifth level.
 */
export const appendEntriesEnvelopeDepth = 4;

/**
 * How deeply a service's value (the body of `PUT /services/:name`) may nest: what is left of {@link maxJsonDepth}
 * under the envelope of the AppendEntries that replicates it. The API refuses a deeper value, so that a value it
 * accepts is never refused by a follower.
 */
export const maxServiceValueDepth = maxJsonDepth - appendEntriesEnvelopeDepth;

/**
 * How far ahead of this node's own term a peer's term may be: 2^20 elections, about a week of back-to-back elections
 * at the default timeouts. A partitioned node that ran more elections than that has to be restarted to rejoin.
 */
export const maxTermLead = 2 ** 20;

/**
 * Why this node, in term `ownTerm`, must not adopt the term of `message`, or undefined when it may. A term is
 * adopted only if the node could still count up from it (its next election, `term + 1`, is below the bound of the
 * message parsers, {@link maxPeerTerm}), and only if it is at most {@link maxTermLead} ahead of the node's own: one
 * message, even signed by a peer, moves a node's term by at most 2^20, so the 2^52 terms of room take 2^32 such
 * messages to use up instead of one.
 */
export function termRefusal(message: RaftMessage<unknown>, ownTerm: number): string | undefined {
  if (message.term + 1 >= maxPeerTerm) return `term ${message.term} leaves no room for another election (a term is at most ${maxPeerTerm - 2})`;
  if (message.term > ownTerm + maxTermLead) return `term ${message.term} is more than ${maxTermLead} ahead of this node's term ${ownTerm}`;
  return undefined;
}

/** True when `text` opens more than `limit` arrays or objects inside each other (strings are skipped). */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}
