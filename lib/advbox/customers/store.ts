// The tenant's copy of its Advbox customers in PostgreSQL: written in bulk
// (one statement per 5,000 rows, unnest arrays), read whole as DTOs.
import type { AdvboxCustomer } from '@/lib/advbox/client';
import type { Db } from '@/lib/prisma';
import { saoPauloWallTimeToUtc } from '@/lib/time/sao-paulo';

/** A customer as the app serves it (the cached list of tenant:{id}:customers). */
export interface CustomerDto {
  id: number;
  name: string;
  /** CPF/CNPJ digits (the formatted form stays in the table). */
  document: string | null;
  email: string | null;
  phone: string | null;
  cellphone: string | null;
  birthdate: string | null;
  city: string | null;
  state: string | null;
  origin: string | null;
  /** ISO instant (Advbox's São Paulo wall time, converted). */
  createdAt: string | null;
  /** False when the last complete crawl did not list it (Advbox hides some customers from listings). */
  listed: boolean;
}

const CHUNK = 5000;
const cut = (s: string | null, n: number) => (s === null ? null : s.slice(0, n));

/**
 * Inserts new customers and rewrites those whose data changed (a refresh of
 * 20,000 unchanged customers writes nothing); a listed customer is no longer
 * "unlisted".
 */
export async function upsertCustomers(db: Db, tenantId: string, customers: readonly AdvboxCustomer[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < customers.length; i += CHUNK) {
    const part = customers.slice(i, i + CHUNK);
    const col = <T>(f: (c: AdvboxCustomer) => T) => part.map(f);
    written += await db.$executeRawUnsafe(
      `INSERT INTO advbox_customers AS t (tenant_id, advbox_id, name, identification, document, email, phone, cellphone,
         birthdate, city, state, origin, advbox_created_at, updated_at)
       SELECT $1::uuid, u.*, now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::date[], $10::text[], $11::text[], $12::text[], $13::timestamptz[])
         AS u(advbox_id, name, identification, document, email, phone, cellphone, birthdate, city, state, origin, advbox_created_at)
       ON CONFLICT (tenant_id, advbox_id) DO UPDATE SET
         name = EXCLUDED.name, identification = EXCLUDED.identification, document = EXCLUDED.document,
         email = EXCLUDED.email, phone = EXCLUDED.phone, cellphone = EXCLUDED.cellphone, birthdate = EXCLUDED.birthdate,
         city = EXCLUDED.city, state = EXCLUDED.state, origin = EXCLUDED.origin,
         advbox_created_at = EXCLUDED.advbox_created_at, unlisted_since = NULL, updated_at = now()
       WHERE (t.name, t.identification, t.document, t.email, t.phone, t.cellphone, t.birthdate, t.city, t.state, t.origin,
              t.advbox_created_at, t.unlisted_since)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.identification, EXCLUDED.document, EXCLUDED.email, EXCLUDED.phone,
              EXCLUDED.cellphone, EXCLUDED.birthdate, EXCLUDED.city, EXCLUDED.state, EXCLUDED.origin,
              EXCLUDED.advbox_created_at, NULL::timestamptz)`,
      tenantId,
      col((c) => String(c.id)),
      col((c) => c.name.slice(0, 200)),
      col((c) => cut(c.identification, 40)),
      col((c) => c.document),
      col((c) => cut(c.email, 254)),
      col((c) => cut(c.phone, 40)),
      col((c) => cut(c.cellphone, 40)),
      col((c) => c.birthdate),
      col((c) => cut(c.city, 120)),
      col((c) => cut(c.state, 40)),
      col((c) => cut(c.origin, 120)),
      col((c) => (c.createdAt ? (saoPauloWallTimeToUtc(c.createdAt)?.toISOString() ?? null) : null)),
    );
  }
  return written;
}

/** After a COMPLETE crawl: customers it did not list are flagged, never deleted. */
export async function markUnlisted(db: Db, tenantId: string, listedIds: readonly number[], at: Date): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE advbox_customers SET unlisted_since = $3, updated_at = now()
      WHERE tenant_id = $1::uuid AND unlisted_since IS NULL AND NOT (advbox_id = ANY($2::text[]))`,
    tenantId,
    listedIds.map(String),
    at,
  );
}

const COLUMNS = ['id', 'name', 'document', 'email', 'phone', 'cellphone', 'birthdate', 'city', 'state', 'origin', 'createdAt', 'listed'] as const;

/**
 * The customer list column by column: what the cache entry holds. 20,000
 * customers are ~2.5 MB this way against ~5.5 MB as objects (the keys
 * repeated 20,000 times), which keeps the entry under the size this
 * instance holds in memory (lib/cache/local-bodies.ts, 1/8 of
 * CACHE_LOCAL_MAX_MB), so a HIT does not move the body out of Redis.
 */
export type CustomerColumns = { [K in (typeof COLUMNS)[number]]: CustomerDto[K][] };

/**
 * Every stored customer of the tenant, by id, as columns; PostgreSQL builds
 * the JSON (one text value instead of 20,000 rows through the driver). The
 * aggregates of one query consume the same rows in the same order, so the
 * columns stay aligned.
 */
export async function readCustomerColumns(db: Db, tenantId: string): Promise<CustomerColumns> {
  const [row] = await db.$queryRawUnsafe<{ j: string }[]>(
    `SELECT json_build_object(${COLUMNS.map((c) => `'${c}', coalesce(json_agg("${c}"), '[]')`).join(', ')})::text AS j
       FROM (SELECT advbox_id::bigint AS "id", name AS "name", document AS "document", email AS "email", phone AS "phone",
                    cellphone AS "cellphone", to_char(birthdate, 'YYYY-MM-DD') AS "birthdate", city AS "city", state AS "state",
                    origin AS "origin", to_char(advbox_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"') AS "createdAt",
                    unlisted_since IS NULL AS "listed"
               FROM advbox_customers WHERE tenant_id = $1::uuid ORDER BY advbox_id::bigint) s`,
    tenantId,
  );
  return JSON.parse(row!.j) as CustomerColumns;
}

export function customerRows(c: CustomerColumns): CustomerDto[] {
  const out: CustomerDto[] = new Array(c.id.length);
  for (let i = 0; i < c.id.length; i++) {
    out[i] = {
      id: c.id[i]!,
      name: c.name[i]!,
      document: c.document[i]!,
      email: c.email[i]!,
      phone: c.phone[i]!,
      cellphone: c.cellphone[i]!,
      birthdate: c.birthdate[i]!,
      city: c.city[i]!,
      state: c.state[i]!,
      origin: c.origin[i]!,
      createdAt: c.createdAt[i]!,
      listed: c.listed[i]!,
    };
  }
  return out;
}

/** Every stored customer of the tenant, by id. */
export async function readCustomers(db: Db, tenantId: string): Promise<CustomerDto[]> {
  return customerRows(await readCustomerColumns(db, tenantId));
}

export async function countCustomers(db: Db, tenantId: string): Promise<number> {
  return db.advboxCustomer.count({ where: { tenantId } });
}
