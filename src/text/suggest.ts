// "Did you mean …?" suggestions from the names that do exist.

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (`titel` → `title`),
 * the commonest typo; early exit once it exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidate, if it is close enough to be a plausible typo. */
/** The words of an id or name: `add-order-line`, `add_order_line` and `addOrderLine` give add, order, line. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether every word of `words` appears in `within`, in the same order. */
function hasWordsInOrder(words: readonly string[], within: readonly string[]): boolean {
  let at = 0;
  for (const word of within) if (word === words[at]) at++;
  return at === words.length;
}

export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  // `add-line` for `add-order-line`: a name with a word left out is nearer than one with a word
  // changed (`edit-line`), although more letters differ.
  const words = wordsOf(input);
  if (words.length > 1) {
    const widened = [...candidates].filter((candidate) => candidate.toLowerCase() !== lower && hasWordsInOrder(words, wordsOf(candidate)));
    if (widened.length > 0) return widened.reduce((shortest, candidate) => (candidate.length < shortest.length ? candidate : shortest));
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const limit = Math.max(1, Math.floor(Math.max(input.length, candidate.length) / 3));
    const distance = editDistance(lower, candidate.toLowerCase(), limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** A hint naming the closest candidate, else listing a few that exist. */
export function didYouMean(input: string, candidates: readonly string[], what = 'names'): string | undefined {
  const match = closestMatch(input, candidates);
  if (match) return `Did you mean \`${match}\`?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates
    .slice(0, 8)
    .map((c) => `\`${c}\``)
    .join(', ');
  return `Known ${what}: ${shown}${candidates.length > 8 ? `, … (${candidates.length} in all)` : ''}.`;
}
