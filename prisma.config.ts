// Prisma 7 CLI configuration (`npx prisma migrate deploy`, `prisma generate`).
// The datasource URL lives here, not in schema.prisma, as Prisma 7 expects.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
