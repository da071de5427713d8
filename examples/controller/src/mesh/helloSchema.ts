import { z } from 'zod';
import { hostPortPattern, nodeIdPattern } from '../config/controllerConfigSchema.js';
import { apiAddressesSchema } from './apiAddresses.js';

/**
 * The hello two controllers exchange on every dial (the dialler sends it, the peer answers with its own): who I am,
 * where my peer endpoint is, and the addresses of my APIs. Unknown fields are allowed, so that a newer peer can add
 * some; everything else is checked, because nothing a peer sends may crash a node.
 */
export const helloSchema = z.object({
  id: z.string().regex(nodeIdPattern),
  address: z.string().regex(hostPortPattern),
  apiAddresses: apiAddressesSchema,
});

export type Hello = z.infer<typeof helloSchema>;
