// Rules about the workspace's own structure: ids, navigation, where actions are offered.
import { didYouMean } from '../../text/suggest.js';
import { joinPointer } from '../../yaml/source.js';
import type { FieldRef, ActionFieldRef } from '../../model/types.js';
import { locate } from '../../yaml/source.js';
import type { Rule, RuleContext } from '../context.js';

export const uniqueIds: Rule = (context) => {
  for (const [collection, code] of [
    ['pages', 'MW201'],
    ['actions', 'MW202'],
  ] as const) {
    const seen = new Map<string, number>();
    (context.workspace[collection] ?? []).forEach((item, index) => {
      const first = seen.get(item.id);
      if (first === undefined) return void seen.set(item.id, index);
      const firstLine = locate(context.source, joinPointer(collection, first, 'id')).line;
      const noun = collection === 'pages' ? 'page' : 'action';
      context.report(code, joinPointer(collection, index, 'id'), `Duplicate ${noun} id \`${item.id}\`.`, {
        hint: `It is first used on line ${firstLine}; give each ${noun} its own id.`,
      });
    });
  }
};

export const navigationTargets: Rule = (context) => {
  const pageIds = [...context.pagesById.keys()];
  context.workspace.pages.forEach((page, p) => {
    if (page.open !== undefined) {
      const pointer = joinPointer('pages', p, 'open');
      const target = context.pagesById.get(page.open)?.page;
      if (!target) context.report('MW204', pointer, `Page \`${page.id}\` opens \`${page.open}\`, which is not a page of this workspace.`, { hint: didYouMean(page.open, pageIds, 'pages') });
      else if (target.kind !== 'details')
        context.report('MW205', pointer, `\`open\` must name a details page; \`${target.id}\` is a ${target.kind} page.`, { hint: 'A list row opens the details page of its record.' });
      else if (target.entity !== page.entity)
        context.report('MW205', pointer, `Page \`${page.id}\` lists ${page.entity} but opens \`${target.id}\`, a details page of ${target.entity}.`, {
          hint: `Open a details page of ${page.entity}.`,
        });
    }
    page.related?.forEach((related, r) => {
      const pointer = joinPointer('pages', p, 'related', r, 'page');
      const target = context.pagesById.get(related.page)?.page;
      if (!target)
        context.report('MW204', pointer, `Related list \`${related.title}\` links to \`${related.page}\`, which is not a page of this workspace.`, {
          hint: didYouMean(related.page, pageIds, 'pages'),
        });
      else if (target.kind !== 'list') context.report('MW205', pointer, `A related list must link to a list page; \`${target.id}\` is a ${target.kind} page.`);
    });
  });
};

export const actionPlacement: Rule = (context) => {
  const actionIds = [...context.actionsById.keys()];
  context.workspace.pages.forEach((page, p) => {
    page.actions?.forEach((id, i) => {
      const pointer = joinPointer('pages', p, 'actions', i);
      const action = context.actionsById.get(id)?.action;
      if (!action) return context.report('MW206', pointer, `Page \`${page.id}\` offers \`${id}\`, which is not an action of this workspace.`, { hint: didYouMean(id, actionIds, 'actions') });
      if (action.kind === 'create') {
        if (page.kind === 'list' && page.entity !== action.entity) {
          context.report('MW207', pointer, `Action \`${id}\` creates ${action.entity} but page \`${page.id}\` lists ${page.entity}.`, {
            hint: 'Offer it on a list of the same entity, or on a details page.',
          });
        }
        return;
      }
      if (page.kind !== 'details') {
        context.report('MW207', pointer, `Action \`${id}\` (${action.kind}) works on one record, so it belongs on a details page, not on ${page.kind} page \`${page.id}\`.`, {
          hint: 'Offer it on the details page of the record.',
        });
      } else if (page.entity !== action.entity) {
        context.report('MW207', pointer, `Action \`${id}\` works on ${action.entity} but page \`${page.id}\` shows ${page.entity}.`, { hint: `Offer it on a details page of ${action.entity}.` });
      }
    });
  });
};

export const unusedPagesAndActions: Rule = (context) => {
  const opened = new Set(context.workspace.pages.flatMap((page) => (page.open ? [page.open] : [])));
  const offered = new Set(context.workspace.pages.flatMap((page) => page.actions ?? []));
  context.workspace.pages.forEach((page, p) => {
    if (page.kind === 'details' && !opened.has(page.id)) {
      context.report('MW211', joinPointer('pages', p, 'id'), `Details page \`${page.id}\` is never opened.`, {
        hint: `Set \`open: ${page.id}\` on a list page of ${page.entity}, or remove the page.`,
      });
    }
  });
  (context.workspace.actions ?? []).forEach((action, a) => {
    if (!offered.has(action.id)) {
      context.report('MW212', joinPointer('actions', a, 'id'), `Action \`${action.id}\` is not offered on any page.`, { hint: `Add \`${action.id}\` to the \`actions\` of a page, or remove it.` });
    }
  });
};

function fieldName(ref: FieldRef | ActionFieldRef): string {
  return typeof ref === 'string' ? ref : ref.field;
}

function reportRepeats(context: RuleContext, lists: Array<{ refs: Array<FieldRef | ActionFieldRef>; pointer: string }>, where: string): void {
  const seen = new Set<string>();
  for (const { refs, pointer } of lists) {
    refs.forEach((ref, i) => {
      const name = fieldName(ref);
      if (seen.has(name)) context.report('MW213', `${pointer}/${i}`, `Field \`${name}\` is listed twice in ${where}.`, { hint: 'Remove the second one.' });
      seen.add(name);
    });
  }
}

export const uniqueFields: Rule = (context) => {
  context.workspace.pages.forEach((page, p) => {
    if (page.fields) reportRepeats(context, [{ refs: page.fields, pointer: joinPointer('pages', p, 'fields') }], `page \`${page.id}\``);
    if (page.sections) {
      reportRepeats(
        context,
        page.sections.map((s, i) => ({ refs: s.fields, pointer: joinPointer('pages', p, 'sections', i, 'fields') })),
        `page \`${page.id}\``,
      );
    }
  });
  (context.workspace.actions ?? []).forEach((action, a) => {
    if (action.fields) reportRepeats(context, [{ refs: action.fields, pointer: joinPointer('actions', a, 'fields') }], `action \`${action.id}\``);
  });
};
