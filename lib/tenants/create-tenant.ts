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
  const slug = input.slug ?? slugify(input.name);
  if (!isValidSlug(slug)) {
    throw conflict('Este endereço não pode ser usado. Escolha outro.', { field: 'slug', slug });
  }
  const taken = await db.tenant.findUnique({ where: { slug }, select: { id: true } });
  if (taken) throw conflict('Já existe um escritório com este endereço. Escolha outro.', { field: 'slug', slug });

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
