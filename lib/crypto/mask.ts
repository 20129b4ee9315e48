// Display form of a secret: enough to recognise which one is configured,
// never enough to matter. Short secrets would give away too large a share.
const MASK = '••••';
export const MASK_REVEAL_MIN_LENGTH = 12;

export function maskSecret(plaintext: string): string {
  const chars = Array.from(plaintext);
  if (chars.length < MASK_REVEAL_MIN_LENGTH) return MASK;
  return MASK + chars.slice(-4).join('');
}
