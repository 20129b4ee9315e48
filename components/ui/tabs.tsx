'use client';
import * as T from '@radix-ui/react-tabs';
import { cn } from '@/components/ui/cn';

export const Tabs = T.Root;
export const TabsContent = ({ className, ...p }: T.TabsContentProps) => <T.Content className={cn('mt-4', className)} {...p} />;
export const TabsList = ({ className, ...p }: T.TabsListProps) => (
  <T.List className={cn('flex gap-1 overflow-x-auto border-b border-slate-200', className)} {...p} />
);
export const TabsTrigger = ({ className, ...p }: T.TabsTriggerProps) => (
  <T.Trigger
    className={cn(
      '-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-700 data-[state=active]:text-brand-800',
      className,
    )}
    {...p}
  />
);
