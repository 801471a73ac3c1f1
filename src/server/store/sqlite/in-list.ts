// Looking up many keys at once: `IN (?, ?, …)` a few hundred values per statement, well under
// SQLite's limit on bound parameters; the statement text depends only on the chunk's length, so a
// batch of the usual size prepares it once.
const valuesPerStatement = 500;

/** Runs `select` on the distinct `values`, a chunk at a time, with the chunk's `?, ?, …`; the rows of all chunks. */
export function selectIn<Row>(values: readonly string[], select: (chunk: string[], placeholders: string) => Row[]): Row[] {
  const unique = [...new Set(values)];
  const rows: Row[] = [];
  for (let start = 0; start < unique.length; start += valuesPerStatement) {
    const chunk = unique.slice(start, start + valuesPerStatement);
    rows.push(...select(chunk, chunk.map(() => '?').join(', ')));
  }
  return rows;
}
