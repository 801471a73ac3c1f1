// Every diagnostic code mwkit emits. Codes are stable: never reuse or renumber one.
// docs/diagnostics.md documents each (a test checks that the two agree).
import type { Severity } from '../diagnostics.js';

export interface CodeInfo {
  /** Short name, used as the SARIF rule name. */
  name: string;
  severity: Severity;
  /** One-line description of what triggers it. */
  summary: string;
}

export const codes = {
  // Stage 1: reading files
  MW001: { name: 'yaml-syntax', severity: 'error', summary: 'The file is not valid YAML.' },
  MW002: { name: 'duplicate-key', severity: 'error', summary: 'A mapping has the same key twice.' },
  MW003: { name: 'file-unreadable', severity: 'error', summary: 'A file the project names cannot be read.' },
  MW004: { name: 'no-workspaces', severity: 'warning', summary: 'The workspace globs of mwkit.yaml match no file.' },
  MW005: { name: 'catalog-invalid', severity: 'error', summary: 'The entity catalog is not valid JSON or does not match the catalog schema.' },
  MW006: { name: 'yaml-too-large', severity: 'error', summary: 'A YAML file is larger than mwkit reads, or its aliases expand past the limit.' },
  MW007: { name: 'catalog-and-model', severity: 'warning', summary: 'mwkit.yaml names a catalog although the project has a data model, which workspaces are checked against.' },
  // Stage 2: the JSON Schema
  MW101: { name: 'unknown-key', severity: 'error', summary: 'A key the language does not have.' },
  MW102: { name: 'wrong-type', severity: 'error', summary: 'A value of the wrong type.' },
  MW103: { name: 'missing-key', severity: 'error', summary: 'A required key is missing.' },
  MW104: { name: 'invalid-id', severity: 'error', summary: 'An id or name does not follow its pattern.' },
  MW105: { name: 'invalid-version', severity: 'error', summary: 'A version is not a semantic version.' },
  MW106: { name: 'invalid-value', severity: 'error', summary: 'A value that is not one of the allowed values.' },
  MW107: { name: 'key-not-allowed', severity: 'error', summary: 'A key that does not apply to this kind of page or action.' },
  MW108: { name: 'invalid-length', severity: 'error', summary: 'A list or text that is empty or too long, a number out of range, or repeated items.' },
  // Stage 3: rules within the project
  MW201: { name: 'duplicate-page-id', severity: 'error', summary: 'Two pages of a workspace have the same id.' },
  MW202: { name: 'duplicate-action-id', severity: 'error', summary: 'Two actions of a workspace have the same id.' },
  MW203: { name: 'duplicate-workspace-id', severity: 'error', summary: 'Two workspaces of the project have the same id.' },
  MW204: { name: 'unknown-page', severity: 'error', summary: 'Navigation (open, related.page) to a page id that does not exist.' },
  MW205: { name: 'wrong-page-target', severity: 'error', summary: 'Navigation to a page of the wrong kind or entity.' },
  MW206: { name: 'unknown-action', severity: 'error', summary: 'A page offers an action id that does not exist.' },
  MW207: { name: 'action-page-mismatch', severity: 'error', summary: 'An action offered on a page it cannot work on.' },
  MW208: { name: 'invalid-variable', severity: 'error', summary: 'A $variable that does not exist or cannot be used there.' },
  MW209: { name: 'logic-missing', severity: 'error', summary: 'The logic file does not exist.' },
  MW210: { name: 'logic-syntax', severity: 'error', summary: 'The logic file does not parse as JavaScript.' },
  MW211: { name: 'unused-page', severity: 'warning', summary: 'A details page that no list page opens (`open`).' },
  MW212: { name: 'unused-action', severity: 'warning', summary: 'An action no page offers.' },
  MW213: { name: 'duplicate-field', severity: 'error', summary: 'A field listed twice in the same list, section or form.' },
  MW214: { name: 'required-field-unfillable', severity: 'warning', summary: 'A required form field that is hidden or read-only with no default: only business logic can fill it.' },
  // Stage 3: rules against the entity catalog
  MW215: { name: 'workspace-too-large', severity: 'error', summary: 'A workspace has more pages, actions, fields or offline queries, or a larger definition, than a phone may be sent.' },
  MW301: { name: 'unknown-entity', severity: 'error', summary: 'An entity the catalog does not have.' },
  MW302: { name: 'unknown-field', severity: 'error', summary: 'A field the entity does not have.' },
  MW303: { name: 'unknown-operation', severity: 'error', summary: 'An operation the entity does not have.' },
  MW304: { name: 'invalid-lookup', severity: 'error', summary: 'A lookup to an entity or field that does not exist, or whose value does not fit the field.' },
  MW305: { name: 'operator-not-applicable', severity: 'error', summary: "A filter operator that does not apply to the field's type." },
  MW306: { name: 'unknown-enum-value', severity: 'error', summary: "A filter or default value that is not one of the enum field's values." },
  MW307: { name: 'required-field-unset', severity: 'error', summary: 'A create action leaves a required, writable field of the entity unset.' },
  MW308: { name: 'read-only-field-written', severity: 'error', summary: 'An action form writes a field the environment sets itself.' },
  MW309: { name: 'aggregate-not-numeric', severity: 'error', summary: 'sum, avg, min or max over a field that is not a number.' },
  MW310: { name: 'value-type-mismatch', severity: 'error', summary: 'A filter or default value of the wrong type for its field.' },
  // Business logic: the script (validate) and its handlers at run time (mwkit test)
  MW220: { name: 'logic-unknown-export', severity: 'error', summary: 'The logic file exports a name that is not a business-logic handler.' },
  MW221: { name: 'logic-import', severity: 'error', summary: 'The logic file imports, requires or re-exports another module.' },
  MW222: { name: 'logic-host-global', severity: 'error', summary: 'The logic file uses a browser or Node global (window, document, fetch, process …) that business logic cannot reach.' },
  MW223: { name: 'logic-unknown-ctx-member', severity: 'error', summary: "The logic file uses a ctx member that the handler's ctx does not have." },
  MW224: { name: 'logic-unknown-field', severity: 'error', summary: 'The logic file passes a field name to ctx that no form or page the handler runs for has.' },
  MW225: { name: 'logic-unknown-action', severity: 'error', summary: 'The logic file shows or hides an action that no page offers.' },
  MW226: { name: 'logic-undeclared-variable', severity: 'error', summary: 'The logic file reads or assigns a name that is declared nowhere and is not a JavaScript global.' },
  MW227: { name: 'logic-unknown-entity', severity: 'error', summary: 'The logic file queries an entity the catalog does not have.' },
  MW228: { name: 'logic-foreign-entity', severity: 'error', summary: "The logic file queries an entity that its workspace's pages, actions and lookups do not use." },
  MW229: {
    name: 'logic-unknown-compared-id',
    severity: 'error',
    summary: 'The logic file compares ctx.actionId, ctx.pageId or ctx.field with an id the workspace does not have, so the branch never runs.',
  },
  MW230: { name: 'logic-handler-failed', severity: 'error', summary: 'A handler threw, returned something its moment does not accept, or misused the context.' },
  MW231: { name: 'logic-time-limit', severity: 'error', summary: 'A handler did not finish within its time limit (an endless loop, or a promise that never settles).' },
  MW232: { name: 'logic-load-failed', severity: 'error', summary: 'The logic file threw while loading, or exports a handler that is not a function.' },
  MW233: { name: 'logic-memory-limit', severity: 'error', summary: "A handler (or the script's top-level code) used more memory than business logic may use." },
  MW234: { name: 'logic-output-limit', severity: 'error', summary: 'A handler logged more through ctx.log than business logic may.' },
  MW235: { name: 'logic-channel-cap', severity: 'error', summary: 'A handler sent more to the host (ctx calls, values, messages, what it returns or throws) than business logic may.' },
  MW240: { name: 'logic-test-invalid', severity: 'error', summary: 'logic.test.yaml does not follow the test file format, or names a page, action, field or entity that does not exist.' },
  // A data model (model/*.yaml): what crosses keys and files
  MW401: { name: 'model-unknown-role', severity: 'error', summary: 'A rule names a role that model/roles.yaml does not declare.' },
  MW402: { name: 'model-unknown-entity', severity: 'error', summary: 'A reference field or a parent names an entity the model does not have.' },
  MW403: { name: 'model-unknown-field', severity: 'error', summary: 'A key, rule, condition, value or copy names a field the entity (or its parent) does not have.' },
  MW404: { name: 'model-entity-file', severity: 'error', summary: 'An entity file is not named after its entity, or two files declare the same entity.' },
  MW405: { name: 'model-unknown-parameter', severity: 'error', summary: '$param.<name> names a parameter its operation does not have, or is used outside an operation.' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof codes;
