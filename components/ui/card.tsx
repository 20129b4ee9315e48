import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export function Card({ className, children }: { className?: string; children: ReactNode }) {
  return <section className={cn('rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5', className)}>{children}</section>;
}

export function CardTitle({ children, className }: { children: ReactNode; className?: string }) {
  return <h2 className={cn('text-sm font-semibold text-slate-700', className)}>{children}</h2>;
}
