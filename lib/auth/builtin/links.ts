// Links that carry a one-time token (password links, invitations). They are
// credentials: returned once to whoever asked for them, never logged.
import { env } from '@/lib/env';

export function appLink(path: string, token: string): string {
  const base = env().APP_URL ?? `http://localhost:${env().PORT}`;
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('token', token);
  return url.toString();
}

export const passwordLink = (token: string) => appLink('redefinir-senha', token);
export const invitationLink = (token: string) => appLink('convite', token);
