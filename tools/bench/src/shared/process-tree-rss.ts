import { readFileSync } from 'node:fs';
import { rssMb } from './measure.js';

/** The pids a process started (and they started), from /proc (Linux). */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Samples the resident set of a process and all its descendants (tools that fork workers,
 * like jscodeshift) every `everyMs`; returns the peak of the sum.
 */
export function samplePeakTreeRss(pid: number, everyMs = 50): { stop(): number } {
  const total = () => [pid, ...descendants(pid)].map(rssMb).filter((value) => !Number.isNaN(value)).reduce((sum, value) => sum + value, 0);
  let peak = total();
  const timer = setInterval(() => {
    peak = Math.max(peak, total());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
