import { z } from 'zod';

/** Longest service name; the web server's router admits path parameters of this length (see buildWebServer). */
export const maxServiceNameLength = 128;

/** A replicated service's name, as it appears in `/edge/management/v1/services/:name`. */
export const serviceNameSchema = z
  .string()
  .max(maxServiceNameLength, `must be at most ${maxServiceNameLength} characters`)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, `must be letters, digits, ".", "_" or "-" (at most ${maxServiceNameLength}), e.g. "echo"`);

/** A service definition: any JSON object (what the management API stores and returns as is). */
export const serviceValueSchema = z.record(z.string(), z.json());

/**
 * What the Raft log of the controller carries: a change to the replicated set of services. Checked on every
 * AppendEntries a peer sends (through the Raft core's message parser) and when the log is read back from disk.
 */
export const serviceCommandSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('put'), name: serviceNameSchema, value: serviceValueSchema }),
  z.strictObject({ op: z.literal('delete'), name: serviceNameSchema }),
]);

export type ServiceCommand = z.infer<typeof serviceCommandSchema>;
export type ServiceValue = z.infer<typeof serviceValueSchema>;

/**
 * Longest command, as JSON text. With at most `maxEntriesPerMessage` (16) entries per AppendEntries, a full message
 * stays well under the web server's 64 KiB body limit, so catch-up never needs a larger body than a hello.
 */
export const maxCommandLength = 2_048;
export const maxEntriesPerMessage = 16;
