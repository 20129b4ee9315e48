import { describe, expect, it } from 'vitest';
import { maskSecret } from '@/lib/crypto/mask';

describe('maskSecret', () => {
  it('shows only the last 4 characters of a long secret', () => {
    expect(maskSecret('sk_live_0123456789abcd')).toBe('••••abcd');
  });

  it('hides short secrets entirely, without revealing their length', () => {
    expect(maskSecret('')).toBe('••••');
    expect(maskSecret('abc')).toBe('••••');
    expect(maskSecret('12345678901')).toBe('••••');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskSecret('chave-secreta-🔑🔑🔑🔑')).toBe('••••🔑🔑🔑🔑');
  });
});
