import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ClerkProvider } from '@clerk/nextjs';
import { ptBR } from '@clerk/localizations';
import './globals.css';

export const metadata: Metadata = {
  title: 'Concilia — conciliação bancária para escritórios de advocacia',
  description: 'Concilia pagamentos recebidos (PIX, TED, boleto) com os recebíveis do Advbox.',
};

const clerkEnabled = Boolean(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY);

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: proxy.ts gives each one a fresh CSP
  // nonce, which Next.js can only stamp on scripts it renders now (a
  // prerendered page's scripts would carry none and be blocked).
  await connection();
  const page = (
    <html lang="pt-BR">
      <body>{children}</body>
    </html>
  );
  return clerkEnabled ? <ClerkProvider localization={ptBR}>{page}</ClerkProvider> : page;
}
