// Preloaded with --import: reports the process's peak resident memory when it exits. VmHWM
// from /proc is this program's own peak; getrusage's maxrss can carry over the peak of the
// (large) bench process that spawned it.
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  let kib = process.resourceUsage().maxRSS;
  try {
    kib = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? kib);
  } catch {
    // not Linux: keep maxRSS
  }
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${kib}\n`);
});
