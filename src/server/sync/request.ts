// What the push body's schema (contract/sync.ts) cannot say: an operation id twice in one batch.
// A malformed batch is refused as a whole (400 with a pointer per problem), never half applied;
// this runs even when the schema found problems, so one answer names them all.

export interface RequestProblem {
  pointer: string;
  message: string;
}

/** A problem for every operation whose id an earlier operation of the batch already has. Takes any body: the schema may have refused it. */
export function duplicateOperationIds(body: unknown): RequestProblem[] {
  const operations = (body as { operations?: unknown } | null)?.operations;
  if (!Array.isArray(operations)) return [];
  const problems: RequestProblem[] = [];
  const seen = new Set<string>();
  operations.forEach((operation: unknown, index) => {
    const id = (operation as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) problems.push({ pointer: `/operations/${index}/id`, message: `The id ${id} appears twice in the batch: each operation has an id of its own.` });
    seen.add(id);
  });
  return problems;
}
