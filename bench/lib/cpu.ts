// CPU time from /proc (Linux), for benchmarks on a shared machine: what a
// phase cost in CPU, per process, is steadier than its wall time when other
// sessions load the cores.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process, ms (0 when it is gone). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far, ms (every core). */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.reduce((a, b) => a + b, 0);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

/** CPU ms of a set of processes between start() and stop(); pids may be added later. */
export function cpuMeter(pids: () => number[]) {
  const at = new Map<number, number>();
  let m0 = machineCpuMs();
  return {
    start() {
      at.clear();
      for (const p of pids()) at.set(p, processCpuMs(p));
      m0 = machineCpuMs();
    },
    stop(): { ms: number; machineBusyMs: number; machineTotalMs: number } {
      let ms = 0;
      for (const p of pids()) ms += processCpuMs(p) - (at.get(p) ?? 0);
      const m1 = machineCpuMs();
      return { ms, machineBusyMs: m1.busy - m0.busy, machineTotalMs: m1.total - m0.total };
    },
  };
}
