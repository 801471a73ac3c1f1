// A create or operation form whose required field the user cannot fill in (hidden or read-only,
// with no default) can only be sent when business logic sets that field: a warning, since logic
// may well do so (ctx.setValue in onActionStarted).
import { joinPointer } from '../../yaml/source.js';
import type { Rule } from '../context.js';
import { formFields } from './catalog-refs.js';

export const requiredFieldsFillable: Rule = (context) => {
  (context.workspace.actions ?? []).forEach((action, a) => {
    if (action.kind !== 'create' && action.kind !== 'operation') return;
    const catalogFields = context.catalog ? formFields(context.catalog, action) : undefined;
    action.fields?.forEach((ref, i) => {
      if (typeof ref === 'string' || ref.default !== undefined || (ref.hidden !== true && ref.readOnly !== true)) return;
      const inCatalog = catalogFields?.[ref.field];
      if (ref.required !== true && !(inCatalog?.required === true && inCatalog.readOnly !== true)) return;
      const how = ref.hidden === true ? 'hidden' : 'read-only';
      context.report(
        'MW214',
        joinPointer('actions', a, 'fields', i),
        `\`${ref.field}\` is required but ${how} with no default: the user cannot fill it in, so action \`${action.id}\` can only be sent if business logic sets it.`,
        {
          hint: `Give it a default (e.g. \`default: $user\` or \`$record.<field>\`), let the user fill it in, or set it in onActionStarted with ctx.setValue('${ref.field}', …).`,
        },
      );
    });
  });
};
