// `$variables` in filters and defaults must exist and be usable where they stand.
import { conditionEntries, isVariable, parseVariable } from '../../model/filter.js';
import type { FilterValue } from '../../model/types.js';
import type { Rule, RuleContext } from '../context.js';
import { defaultSites, filterSites } from '../filters.js';

const knownVariables = '$user, $user.<attribute>, $record.<field>, $today';

export const validVariables: Rule = (context) => {
  for (const site of filterSites(context)) {
    for (const [field, condition] of Object.entries(site.filter)) {
      for (const [operator, operand] of conditionEntries(condition)) {
        const values = Array.isArray(operand) ? operand : [operand];
        values.forEach((value, i) => {
          const pointer = `${site.pointer}/${field}${typeof condition === 'object' && condition !== null ? `/${operator}` : ''}${Array.isArray(operand) ? `/${i}` : ''}`;
          checkVariable(context, value, pointer, site.recordEntity !== undefined, site.where);
        });
      }
    }
  }
  for (const site of defaultSites(context)) {
    checkVariable(context, site.value, site.pointer, site.recordEntity !== undefined, `the default of \`${site.field}\``);
  }
};

function checkVariable(context: RuleContext, value: FilterValue, pointer: string, isRecordAvailable: boolean, where: string): void {
  if (!isVariable(value)) return;
  const variable = parseVariable(value);
  if (!variable) {
    context.report('MW208', pointer, `Unknown variable \`${value}\` in ${where}.`, { hint: `Variables are ${knownVariables}.` });
  } else if (variable.kind === 'record' && !isRecordAvailable) {
    context.report('MW208', pointer, `\`${value}\` cannot be used in ${where}: there is no record there.`, {
      hint: '$record.<field> is the record of a details page: use it in related lists, and in actions offered only on details pages.',
    });
  }
}
