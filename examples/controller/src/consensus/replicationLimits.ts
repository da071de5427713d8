import { createRaftMessageParser, maxPeerTerm, type ParseRaftMessageResult, type RaftMessage } from '../machinery/raft/index.js';
import { maxCommandLength, maxEntriesPerMessage, serviceCommandSchema, type ServiceCommand } from './serviceCommandSchema.js';

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
 * How far ahead of a node's own term one message may take it (the Raft core's `maxTermLead`): 2^20 terms, about a
 * week of back-to-back elections at the default timeouts. A message further ahead moves the node by that much and
 * is refused; the sender's next message moves it on, so a node that really ran that many elections still rejoins.
 */
export const maxTermLead = 2 ** 20;

/**
 * Why a message's term is refused outright, or undefined: a node never adopts a term it could not itself exceed,
 * i.e. whose next election (`term + 1`) the message parsers ({@link maxPeerTerm}, 2^52) would refuse. With
 * {@link maxTermLead}, one message (even signed with a peer's key) uses up at most 2^20 of the 2^52 terms, so it
 * takes 2^32 of them, not one, to come near this bound.
 */
export function termRefusal(message: RaftMessage<unknown>): string | undefined {
  if (message.term + 1 >= maxPeerTerm) return `term ${message.term} leaves no room for another election (a term is at most ${maxPeerTerm - 2})`;
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

/**
 * The validator of the Raft messages a controller receives: the core's parser with the command schema and the limits
 * above (at most `maxEntriesPerMessage` entries of at most `maxCommandLength` characters each), so that a full
 * AppendEntries of values the API accepted fits a body and parses.
 */
export const parseServiceRaftMessage: (input: unknown) => ParseRaftMessageResult<ServiceCommand> = createRaftMessageParser(serviceCommandSchema, {
  maxNodeIdLength: 63,
  maxEntries: maxEntriesPerMessage,
  maxCommandLength,
});
