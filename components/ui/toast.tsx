'use client';
// A small toast system on Radix Toast: useToast().show({ title, tone }) from anywhere under <Toaster>.
import * as T from '@radix-ui/react-toast';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

type ToastInput = { title: string; description?: string; tone?: 'success' | 'error' | 'info' };
type Item = ToastInput & { id: number };

const Ctx = createContext<{ show: (t: ToastInput) => void }>({ show: () => {} });
export const useToast = () => useContext(Ctx);

let seq = 0;

export function Toaster({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  const show = useCallback((t: ToastInput) => setItems((xs) => [...xs.slice(-3), { ...t, id: ++seq }]), []);
  return (
    <Ctx.Provider value={{ show }}>
      <T.Provider swipeDirection="right" duration={5000} label="Notificação">
        {children}
        {items.map((t) => (
          <T.Root
            key={t.id}
            onOpenChange={(open) => !open && setItems((xs) => xs.filter((x) => x.id !== t.id))}
            className={cn(
              'rounded-md border bg-white p-3 shadow-lg',
              t.tone === 'error' ? 'border-red-300' : t.tone === 'success' ? 'border-emerald-300' : 'border-slate-200',
            )}
          >
            <T.Title className="text-sm font-semibold">{t.title}</T.Title>
            {t.description && <T.Description className="mt-0.5 text-sm text-slate-700">{t.description}</T.Description>}
          </T.Root>
        ))}
        <T.Viewport className="fixed right-4 bottom-4 z-[60] flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
      </T.Provider>
    </Ctx.Provider>
  );
}
