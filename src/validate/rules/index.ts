// The list of semantic rules. Adding a rule is one function and one line here.
import type { Rule } from '../context.js';
import { catalogActionFields, catalogEntities, catalogFilterFields, catalogPageFields } from './catalog-refs.js';
import { catalogDefaults, catalogFilterValues, readOnlyFieldsNotWritten, requiredFieldsSet } from './catalog-values.js';
import { requiredFieldsFillable } from './form-fields.js';
import { packageLimits } from './limits.js';
import { logicScriptChecks } from './logic.js';
import { actionPlacement, navigationTargets, uniqueFields, uniqueIds, unusedPagesAndActions } from './structure.js';
import { validVariables } from './variables.js';

export const rules: readonly Rule[] = [
  packageLimits,
  uniqueIds,
  uniqueFields,
  navigationTargets,
  actionPlacement,
  unusedPagesAndActions,
  validVariables,
  logicScriptChecks,
  catalogEntities,
  catalogPageFields,
  catalogFilterFields,
  catalogFilterValues,
  catalogActionFields,
  catalogDefaults,
  requiredFieldsSet,
  requiredFieldsFillable,
  readOnlyFieldsNotWritten,
];
