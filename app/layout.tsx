import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ClerkProvider } from '@clerk/nextjs';
import { ptBR } from '@clerk/localizations';
import './globals.css';

export const metadata: Metadata = {
  title: 'Concilia — conciliação bancária para escritórios de advocacia',
  description: 'Concilia pagamentos recebidos (PIX, TED, boleto) com os recebíveis do Advbox.',
};

const clerkEnabled = Boolean(process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY);

export default function RootLayout({ children }: { children: ReactNode }) {
  const page = (
    <html lang="pt-BR">
      <body>{children}</body>
    </html>
  );
  return clerkEnabled ? <ClerkProvider localization={ptBR}>{page}</ClerkProvider> : page;
}
