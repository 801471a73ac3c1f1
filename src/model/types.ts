// The model of the workspace language. schemas/*.schema.json is the source of truth:
// test/unit/schema-types.test.ts proves that every interface here has exactly the
// properties, required keys and enum values of its schema definition.

/** mwkit.yaml (schemas/project.schema.json) */
export interface Project {
  name: string;
  publisher: string;
  version: string;
  description?: string;
  workspaces?: string[];
  catalog?: string;
}

export type PageKind = 'list' | 'details' | 'summary';
export type ActionKind = 'create' | 'update' | 'delete' | 'operation';
export type Aggregate = 'count' | 'sum' | 'avg' | 'min' | 'max';
export type SortOrder = 'asc' | 'desc';
export type WorkspaceIcon = 'receipt' | 'cart' | 'box' | 'truck' | 'clock' | 'chart' | 'users' | 'briefcase' | 'clipboard' | 'star';
export type FieldFormat = 'text' | 'multiline' | 'number' | 'currency' | 'percent' | 'date' | 'datetime' | 'boolean' | 'email' | 'phone' | 'url';
export type FilterOperator = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains';

/** A literal, or a variable such as $user, $user.<attribute>, $record.<field>, $today. */
export type FilterValue = string | number | boolean | null;

export interface FilterOperators {
  eq?: FilterValue;
  ne?: FilterValue;
  lt?: FilterValue;
  lte?: FilterValue;
  gt?: FilterValue;
  gte?: FilterValue;
  in?: FilterValue[];
  contains?: string;
}

export type FilterCondition = FilterValue | FilterOperators;
export type Filter = Record<string, FilterCondition>;

/** workspaces/<id>/workspace.yaml (schemas/workspace.schema.json) */
export interface Workspace {
  schemaVersion: 1;
  id: string;
  title: string;
  version: string;
  description?: string;
  icon?: WorkspaceIcon;
  logic?: string;
  offline?: Offline;
  roles?: string[];
  pages: Page[];
  actions?: Action[];
}

export interface Offline {
  records?: number;
}

/** One page; which keys apply depends on `kind` (the schema enforces it). */
export interface Page {
  id: string;
  kind: PageKind;
  title: string;
  description?: string;
  entity?: string;
  filter?: Filter;
  sort?: SortKey[];
  search?: string[];
  fields?: FieldRef[];
  open?: string;
  sections?: Section[];
  related?: Related[];
  figures?: Figure[];
  actions?: string[];
}

export type FieldRef = string | FieldSpec;

export interface FieldSpec {
  field: string;
  label?: string;
  format?: FieldFormat;
  readOnly?: boolean;
}

export interface SortKey {
  field: string;
  order?: SortOrder;
}

export interface Section {
  title: string;
  fields: FieldRef[];
}

export interface Related {
  title: string;
  page: string;
  filter?: Filter;
}

export interface Figure {
  label: string;
  entity: string;
  aggregate: Aggregate;
  field?: string;
  filter?: Filter;
  format?: FieldFormat;
}

export interface Action {
  id: string;
  kind: ActionKind;
  title: string;
  entity: string;
  operation?: string;
  fields?: ActionFieldRef[];
  confirm?: string;
}

export type ActionFieldRef = string | ActionField;

export interface ActionField {
  field: string;
  label?: string;
  required?: boolean;
  readOnly?: boolean;
  hidden?: boolean;
  default?: FilterValue;
  format?: FieldFormat;
  lookup?: Lookup;
}

export interface Lookup {
  entity: string;
  value: string;
  display: string;
  filter?: Filter;
}

/** catalog.json (schemas/catalog.schema.json) */
export interface Catalog {
  entities: Record<string, Entity>;
}

export type FieldType = 'string' | 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'enum' | 'reference' | 'user';

export interface Entity {
  title?: string;
  key: string;
  display?: string;
  fields: Record<string, CatalogField>;
  operations?: Record<string, CatalogOperation>;
}

export interface CatalogField {
  type: FieldType;
  label?: string;
  description?: string;
  required?: boolean;
  readOnly?: boolean;
  values?: string[];
  entity?: string;
}

export interface CatalogOperation {
  title?: string;
  description?: string;
  parameters?: Record<string, CatalogField>;
}
