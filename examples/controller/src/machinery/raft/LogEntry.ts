/**
 * One slot of the replicated log. A log index is the entry's 1-based position, so it is not stored in the entry.
 *
 * A new leader appends a `noop` of its own term first: the Figure 8 rule lets a leader count replicas only for entries
 * of its current term, so without it, entries left over from earlier terms would wait for the next client command.
 */
export type LogEntry<C> =
  | { readonly term: number; readonly kind: 'noop' }
  | { readonly term: number; readonly kind: 'command'; readonly command: C };

/** A committed entry handed to the state machine, with the index it was committed at. */
export type AppliedEntry<C> = LogEntry<C> & { readonly index: number };
