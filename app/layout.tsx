import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Concilia — conciliação bancária para escritórios de advocacia',
  description: 'Concilia pagamentos recebidos (PIX, TED, boleto) com os recebíveis do Advbox.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="pt-BR">
      <body>{children}</body>
    </html>
  );
}
