import type { ReactNode } from 'react';

/** The frame of the sign-in, sign-up, password, invitation and onboarding pages. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center bg-slate-50 px-4 py-10 sm:py-16">
      <p className="mb-6 text-xl font-semibold text-brand-800">Concilia</p>
      <main className="auth w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</main>
      <p className="mt-6 max-w-md text-center text-xs text-slate-600">Conciliação bancária para escritórios de advocacia: Pluggy + Advbox.</p>
    </div>
  );
}
