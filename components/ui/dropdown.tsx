'use client';
import * as M from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export const Dropdown = M.Root;
export const DropdownTrigger = M.Trigger;
export const DropdownLabel = ({ children }: { children: ReactNode }) => <M.Label className="px-2 py-1.5 text-xs text-slate-600">{children}</M.Label>;
export const DropdownSeparator = () => <M.Separator className="my-1 h-px bg-slate-200" />;

export function DropdownContent({ children, align = 'end' }: { children: ReactNode; align?: 'start' | 'end' }) {
  return (
    <M.Portal>
      <M.Content align={align} sideOffset={6} className="z-50 min-w-52 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
        {children}
      </M.Content>
    </M.Portal>
  );
}

export function DropdownItem({ className, ...props }: M.DropdownMenuItemProps) {
  return (
    <M.Item
      className={cn('flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100', className)}
      {...props}
    />
  );
}
