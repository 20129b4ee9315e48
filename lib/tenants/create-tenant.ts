import { conflict } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { forgetUser } from '@/lib/auth/auth-cache';
import type { Db } from '@/lib/prisma';
import { isValidSlug, slugify } from '@/lib/tenants/slug';

export interface CreateTenantInput {
  name: string;
  slug?: string;
  user: { id: string; email: string | null; name: string | null };
  requestId?: string;
}

/** Onboarding: creates the firm with default settings; the creator becomes OWNER and it becomes their active tenant. */
export async function createTenant(db: Db, input: CreateTenantInput) {
  if (input.slug !== undefined) {
    if (!isValidSlug(input.slug)) throw conflict('Este endereço não pode ser usado. Escolha outro.', { field: 'slug', slug: input.slug });
    const taken = await db.tenant.findUnique({ where: { slug: input.slug }, select: { id: true } });
    if (taken) throw conflict('Já existe um escritório com este endereço. Escolha outro.', { field: 'slug', slug: input.slug });
    return insertTenant(db, input, input.slug).catch((err) => {
      if (isUniqueViolation(err)) throw conflict('Já existe um escritório com este endereço. Escolha outro.', { field: 'slug', slug: input.slug });
      throw err;
    });
  }
  // A derived slug is ours to pick: the first free one of name, name-2, name-3…
  // (two firms called "Silva Advogados" both get in). A concurrent insert of
  // the same candidate loses on the unique index and tries the next one.
  for (let attempt = 0; ; attempt++) {
    const slug = await freeSlug(db, slugify(input.name));
    try {
      return await insertTenant(db, input, slug);
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 4) throw err;
    }
  }
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === 'P2002';

/** The first of base, base-2, base-3… that no tenant (deleted ones included) holds and that is a valid slug. */
export async function freeSlug(db: Db, base: string): Promise<string> {
  const rows = await db.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  const taken = new Set(rows.map((r) => r.slug));
  if (isValidSlug(base) && !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 48 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (isValidSlug(candidate) && !taken.has(candidate)) return candidate;
  }
}

async function insertTenant(db: Db, input: CreateTenantInput, slug: string) {
  const created = await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { name: input.name, slug, settings: { create: { companyName: input.name } } },
    });
    const member = await tx.tenantUser.create({
      data: {
        tenantId: tenant.id,
        userId: input.user.id,
        email: input.user.email,
        name: input.user.name,
        role: 'OWNER',
        lastSelectedAt: new Date(),
      },
    });
    await writeAudit(tx, {
      tenantId: tenant.id,
      actorId: input.user.id,
      action: 'tenant.created',
      entityType: 'tenant',
      entityId: tenant.id,
      metadata: { name: tenant.name, slug },
      requestId: input.requestId,
    });
    return { id: tenant.id, name: tenant.name, slug: tenant.slug, role: member.role, createdAt: tenant.createdAt.toISOString() };
  });
  forgetUser(input.user.id);
  return created;
}
