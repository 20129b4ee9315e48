// Tenant slugs: lower-case ASCII letters, digits and inner hyphens, 3–48
// characters (the same rule as the tenants_slug_format_check constraint).
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46}[a-z0-9])$/;

const RESERVED = new Set(['api', 'admin', 'app', 'www', 'entrar', 'cadastro', 'sair', 'onboarding', 'static', '_next', 'configuracoes']);

export function isValidSlug(slug: string): boolean {
  return SLUG_PATTERN.test(slug) && !slug.includes('--') && !RESERVED.has(slug);
}

/** "Almeida & Souza Advogados" → "almeida-souza-advogados". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return base.length >= 3 ? base : `${base}-escritorio`.replace(/^-/, '');
}
