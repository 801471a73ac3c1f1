// The QR standard's four penalty rules (ISO/IEC 18004 §7.8.3): the encoder tries the eight
// masks and keeps the one whose symbol scores lowest, the easiest for a camera to read. Pure.
import type { QrMatrix } from './qr.js';

/** The standard's four penalty rules; the mask with the lowest score is used. */
export function penaltyScore(modules: QrMatrix): number {
  const size = modules.length;
  const lines: boolean[][] = [...modules, ...modules.map((_, x) => modules.map((row) => row[x]!))];
  let penalty = 0;
  for (const line of lines) penalty += runPenalty(line) + finderLikePenalty(line);
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const color = modules[y]![x];
      if (color === modules[y]![x + 1] && color === modules[y + 1]![x] && color === modules[y + 1]![x + 1]) penalty += 3;
    }
  }
  const dark = modules.reduce((count, row) => count + row.filter(Boolean).length, 0);
  const total = size * size;
  penalty += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return penalty;
}

function runPenalty(line: readonly boolean[]): number {
  let penalty = 0;
  let run = 1;
  for (let i = 1; i <= line.length; i++) {
    if (i < line.length && line[i] === line[i - 1]) {
      run++;
      continue;
    }
    if (run >= 5) penalty += 3 + run - 5;
    run = 1;
  }
  return penalty;
}

const finderLike = [true, false, true, true, true, false, true];

/** 1:1:3:1:1 (dark-light-dark-dark-dark-light-dark) with four light modules on one side. */
function finderLikePenalty(line: readonly boolean[]): number {
  const at = (i: number): boolean => (i >= 0 && i < line.length ? line[i]! : false);
  let penalty = 0;
  for (let i = 0; i + finderLike.length <= line.length; i++) {
    if (!finderLike.every((isDark, k) => line[i + k] === isDark)) continue;
    const lightBefore = [1, 2, 3, 4].every((k) => !at(i - k));
    const lightAfter = [0, 1, 2, 3].every((k) => !at(i + finderLike.length + k));
    if (lightBefore || lightAfter) penalty += 40;
  }
  return penalty;
}
