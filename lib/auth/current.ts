// Identity for server components and pages, from the incoming headers.
import { headers } from 'next/headers';
import { resolveIdentity, type Identity } from '@/lib/auth/identity';

export async function currentIdentity(): Promise<Identity | null> {
  const h = await headers();
  const host = h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return resolveIdentity(new Request(`${proto}://${host}/`, { headers: h })).catch(() => null);
}
