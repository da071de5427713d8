import { z } from 'zod';
import type { NodeId, ParseRaftMessageResult, RaftMessage } from '../machinery/raft/index.js';

/** Most replies one answer may carry: handling one message makes a core say one or two things to its sender. */
export const maxRepliesPerAnswer = 8;

const answerSchema = z.object({ replies: z.array(z.unknown()).max(maxRepliesPerAnswer).optional() });

/**
 * The replies on `peer`'s answer to a `raft` message this node (`self`) sent (see RepliesOnAnswer): each validated by
 * `parse` like any message, and kept only if it is from `peer` to `self`. The answer was signed by `peer` for the
 * message it answers (OutboundLink checks that before it is parsed), so it speaks for that peer only. What is refused is listed in `dropped`,
 * each saying why; Raft takes it as lost. An answer without replies (`{ ok: true }`) carries none.
 */
export function parseRaftAnswer<C>(
  answer: unknown,
  options: { readonly peer: NodeId; readonly self: NodeId; readonly parse: (input: unknown) => ParseRaftMessageResult<C> },
): { readonly messages: Array<RaftMessage<C>>; readonly dropped: string[] } {
  const { peer, self } = options;
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) return { messages: [], dropped: [`the answer of ${peer} is not { replies?: [...] } with at most ${maxRepliesPerAnswer} replies`] };
  const messages: Array<RaftMessage<C>> = [];
  const dropped: string[] = [];
  for (const reply of parsed.data.replies ?? []) {
    const checked = options.parse(reply);
    if (!checked.ok) dropped.push(`a malformed reply in the answer of ${peer}: ${checked.reason}`);
    else if (checked.message.from !== peer || checked.message.to !== self) {
      dropped.push(`a reply in the answer of ${peer} claims to be from "${checked.message.from}" to "${checked.message.to}"; it may speak only for ${peer}, to ${self}`);
    } else messages.push(checked.message);
  }
  return { messages, dropped };
}
