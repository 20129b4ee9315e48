import { setCheapHashingForTests } from '@/lib/auth/password';
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
// Cheap password hashing for the suite (the production cost is exercised in
// lib/auth/password.test.ts and by every real-server test).
setCheapHashingForTests(true);
