import { z } from 'zod';

/** One address of an API, as the controller advertises it (`{"url":"http://127.0.0.1:1280/edge/management/v1","version":"v1"}`). */
const apiAddressSchema = z.object({ url: z.url().max(2_048), version: z.string().min(1).max(32) });

/**
 * The API addresses a controller advertises in its hellos, by API name, e.g.
 * `{"edge-management":[{"url":"http://127.0.0.1:1280/edge/management/v1","version":"v1"}]}`.
 */
export const apiAddressesSchema = z.record(z.string().min(1).max(64), z.array(apiAddressSchema).max(16));

export type ApiAddressMap = z.infer<typeof apiAddressesSchema>;
