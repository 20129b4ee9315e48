// The one wrapper every /api route goes through:
//   same-origin check (non-GET) → authenticate → resolve tenant + membership
//   → check the route table's role → rate limit (once, after auth, keyed by
//   user, or by client address) → parse params/query/body with zod → domain
//   handler (tenant passed explicitly) → map errors.
// proxy.ts may already have authenticated and counted the request; it says so
// in a signed marker (lib/api/rate-limit-marker.ts), and a marker that does
// not verify is ignored: the request is authenticated and counted here.
// Every non-2xx uses the error contract of lib/api/errors.ts, and every
// response carries X-Request-Id and the rate-limit headers.
import { z } from 'zod';
import { isDatabaseUnavailable } from '@/lib/api/database-unavailable';
import { ApiError, errorResponse, forbidden, unauthenticated } from '@/lib/api/errors';
import { parseWith, queryObject, readJsonBody, validationFailed, DEFAULT_MAX_BODY_BYTES } from '@/lib/api/parse';
import { markerBinding, RATE_LIMIT_MARKER, verifyMarker } from '@/lib/api/rate-limit-marker';
import { requestIdFrom } from '@/lib/api/request-id';
import { hasRole, type Role } from '@/lib/api/roles';
import { ROUTE_TABLE, type RouteKey } from '@/lib/api/route-table';
import { assertSameOrigin } from '@/lib/api/same-origin';
import { resolveIdentity, type Identity } from '@/lib/auth/identity';
import { clientAddress } from '@/lib/http/client-address';
import { log } from '@/lib/log';
import { observeHttp } from '@/lib/metrics/observe';
import { getPrisma, type Db } from '@/lib/prisma';
import { enforceRateLimit } from '@/lib/rate-limit-middleware';
import { ipIdentifier, loginIdentifier } from '@/lib/rate-limit/identifiers';
import { activeRoleFor } from '@/lib/auth/active-role';

export interface AuthContext {
  userId: string;
  tenantId: string;
  tenantUserId: string;
  role: Role;
  identity: Identity;
}

interface BaseCtx<Q, B, P> {
  request: Request;
  requestId: string;
  db: Db;
  query: Q;
  body: B;
  params: P;
  /** Headers merged into the response (cache status, ETag, …). */
  headers: Headers;
  ip: string;
}
export type PublicCtx<Q, B, P> = BaseCtx<Q, B, P> & { identity: Identity | null };
export type UserCtx<Q, B, P> = BaseCtx<Q, B, P> & { identity: Identity };
export type TenantCtx<Q, B, P> = BaseCtx<Q, B, P> & { identity: Identity; auth: AuthContext };

interface Schemas<Q, B, P> {
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  maxBodyBytes?: number;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;
type Result = Response | object | null;

/** A 2xx JSON response with explicit status and headers. */
export function json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  return Response.json(data, { status: init.status ?? 200, headers: init.headers });
}

/** The client's address: the TCP peer, or what TRUSTED_PROXIES trusted proxies saw (lib/http/client-address.ts). */
export function clientIp(headers: Pick<Headers, 'get'>): string {
  return clientAddress(headers);
}

/** The e-mail a sign-in / sign-up body names, for the login policy's per-account key. */
function bodyEmail(body: unknown): string {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  return typeof email === 'string' ? email : '';
}

/** Resolves the caller's tenant context; throws 401/403 as the contract says. */
export async function getAuthContext(request: Request, identity?: Identity | null): Promise<AuthContext> {
  const who = identity === undefined ? await resolveIdentity(request) : identity;
  if (!who) throw unauthenticated();
  const m = await activeRoleFor(who.userId);
  if (!m) {
    throw new ApiError('forbidden', 'Você ainda não participa de nenhum escritório. Crie um para continuar.', {
      reason: 'no_tenant',
    });
  }
  return { userId: who.userId, tenantId: m.tenantId, tenantUserId: m.tenantUserId, role: m.role, identity: who };
}

function mapError(err: unknown, requestId: string, route: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) return validationFailed(err);
  const code = (err as { code?: unknown })?.code;
  if (code === 'P2002') return new ApiError('conflict', 'Já existe um registro com esses dados.');
  if (code === 'P2025') return new ApiError('not_found', 'Recurso não encontrado.');
  // The database restarting or unreachable is an outage, not a defect: 503 + Retry-After, which clients retry.
  if (isDatabaseUnavailable(err)) {
    log('warn', 'database unavailable in route', { route, requestId, err });
    return new ApiError('service_unavailable', 'Serviço temporariamente indisponível. Tente novamente em instantes.', { requestId, reason: 'database_unavailable' }, { 'Retry-After': '5' });
  }
  log('error', 'unhandled error in route', { route, requestId, err });
  return new ApiError('internal_error', 'Erro inesperado. Tente novamente em instantes.', { requestId });
}

function applyHeaders(target: Headers, ctxHeaders: Headers, base: Headers): void {
  ctxHeaders.forEach((v, k) => target.set(k, v));
  base.forEach((v, k) => target.set(k, v));
  if (!target.has('cache-control')) target.set('Cache-Control', 'no-store');
}

function finish(result: Result, ctxHeaders: Headers, base: Headers): Response {
  const res = result instanceof Response ? result : json(result);
  // Responses a handler builds have mutable headers: set ours in place rather
  // than copying the body into another Response.
  try {
    applyHeaders(res.headers, ctxHeaders, base);
    return res;
  } catch {
    // An immutable one (Response.redirect, a fetched response): copy it.
    const headers = new Headers(res.headers);
    applyHeaders(headers, ctxHeaders, base);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

function define<Q, B, P>(
  key: RouteKey,
  schemas: Schemas<Q, B, P>,
  kind: 'public' | 'user' | 'tenant',
  handler: (ctx: TenantCtx<Q, B, P>) => Promise<Result>,
): Handler {
  const spec = ROUTE_TABLE[key];
  const expected = spec.access === 'public' ? 'public' : spec.access === 'authenticated' ? 'user' : 'tenant';
  if (expected !== kind) throw new Error(`Route ${key} is "${spec.access}" in the route table but defined as ${kind}`);

  return async (request, context) => {
    const started = performance.now();
    const response = await handle(request, context);
    // By route key (the table's, never the path with its ids) and status.
    observeHttp(key, request.method, response.status, (performance.now() - started) / 1000);
    return response;
  };

  async function handle(request: Request, context: RouteContext): Promise<Response> {
    const requestId = requestIdFrom(request.headers);
    const base = new Headers({ 'X-Request-Id': requestId });
    const headers = new Headers();
    try {
      assertSameOrigin(request);
      // Set only by proxy.ts, for this very request; anything else is ignored.
      const marker = verifyMarker(request.headers.get(RATE_LIMIT_MARKER), markerBinding(request));
      const identity =
        kind === 'public' ? await resolveIdentity(request).catch(() => null) : (marker?.identity ?? (await resolveIdentity(request)));
      if (kind !== 'public' && !identity) throw unauthenticated();
      const ip = clientIp(request.headers);
      // The login policy counts per address first, then per address + e-mail
      // once the body says which account (lib/rate-limit/policies.ts).
      const login = spec.rateLimit === 'login';
      const policy = login ? 'login-ip' : spec.rateLimit;
      const identifier = identity && !login ? `user:${identity.userId}` : ipIdentifier(ip);
      // Counted once: by proxy.ts when it ran for this request (its headers
      // go on every response, errors included), else here after the role check.
      const counted = marker && marker.policy === policy && marker.identifier === identifier ? marker.headers : null;
      if (counted) for (const [k, v] of Object.entries(counted)) base.set(k, v);
      let auth: AuthContext | undefined;
      if (kind === 'tenant') {
        auth = await getAuthContext(request, identity);
        if (!hasRole(auth.role, spec.access as Role)) throw forbidden();
      }
      if (!counted) {
        for (const [k, v] of Object.entries(await enforceRateLimit(policy, identifier))) base.set(k, v);
      }

      const rawParams = context?.params ? await context.params : {};
      const params = schemas.params ? parseWith(schemas.params, rawParams) : (rawParams as P);
      const url = new URL(request.url);
      const query = schemas.query ? parseWith(schemas.query, queryObject(url)) : (undefined as Q);
      const body = schemas.body
        ? parseWith(schemas.body, await readJsonBody(request, schemas.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
        : (undefined as B);
      if (login) {
        for (const [k, v] of Object.entries(await enforceRateLimit('login', loginIdentifier(ip, bodyEmail(body))))) base.set(k, v);
      }

      const result = await handler({
        request,
        requestId,
        db: getPrisma(),
        query,
        body,
        params,
        headers,
        ip,
        identity: identity as Identity,
        auth: auth as AuthContext,
      });
      return finish(result, headers, base);
    } catch (err) {
      const apiError = mapError(err, requestId, key);
      if (apiError.headers) for (const [k, v] of Object.entries(apiError.headers)) base.set(k, v);
      return errorResponse(apiError, base);
    }
  }
}

/** A route any caller may use (health, sign-in). */
export function publicRoute<Q = undefined, B = undefined, P = Record<string, never>>(
  key: RouteKey,
  schemas: Schemas<Q, B, P>,
  handler: (ctx: PublicCtx<Q, B, P>) => Promise<Result>,
): Handler {
  return define(key, schemas, 'public', handler as (ctx: TenantCtx<Q, B, P>) => Promise<Result>);
}

/** A route for any signed-in user, with or without a tenant (me, onboarding). */
export function userRoute<Q = undefined, B = undefined, P = Record<string, never>>(
  key: RouteKey,
  schemas: Schemas<Q, B, P>,
  handler: (ctx: UserCtx<Q, B, P>) => Promise<Result>,
): Handler {
  return define(key, schemas, 'user', handler as (ctx: TenantCtx<Q, B, P>) => Promise<Result>);
}

/** A tenant route: the handler receives the tenant from the session, never from input. */
export function tenantRoute<Q = undefined, B = undefined, P = Record<string, never>>(
  key: RouteKey,
  schemas: Schemas<Q, B, P>,
  handler: (ctx: TenantCtx<Q, B, P>) => Promise<Result>,
): Handler {
  return define(key, schemas, 'tenant', handler);
}
