import { createHash, timingSafeEqual } from 'node:crypto';

/** True when the `Authorization: Bearer <secret>` header carries `secret`; compared in constant time. */
export function secretMatches(header: string | undefined, secret: string): boolean {
  if (header === undefined || !header.startsWith('Bearer ')) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(secret));
}
