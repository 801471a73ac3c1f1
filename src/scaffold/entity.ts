// `mwkit new entity <Name>`: a starter model/<Name>.yaml (docs/data-model.md) with a key the
// environment makes, a name, a status with one operation and the usual rules — people see and
// change their own records — and model/roles.yaml when the project has none. Pure: the text of
// each file; the command writes them.
import { join } from 'node:path';

export const entityNamePattern = /^[A-Z][A-Za-z0-9]*$/;

export function entityNameProblem(name: string): string | undefined {
  if (entityNamePattern.test(name)) return undefined;
  return `\`${name}\` is not an entity name: a capital letter, then letters and digits (e.g. Visit, ServiceOrder).`;
}

/** "service order", "service-order" → "ServiceOrder"; undefined when nothing is left. */
export function entityNameFrom(text: string): string | undefined {
  const name = text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')
    .replace(/^[0-9]+/, '');
  return entityNamePattern.test(name) ? name : undefined;
}

/** "ServiceOrder" → "Service order". */
export function entityTitleFrom(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words[0]!.toUpperCase() + words.slice(1);
}

/** "ServiceOrder" → "SO-", "Visit" → "VIS-": the capitals when there are several, else the first three letters. */
export function keyPrefixFrom(name: string): string {
  const capitals = name.replace(/[^A-Z]/g, '');
  return `${capitals.length > 1 ? capitals : name.slice(0, 3).toUpperCase()}-`;
}

export function entityFileText(name: string, title: string): string {
  const operation = `complete${name}`;
  return `# The ${title} entity of this project's data model: its fields, who may see and change its
# records, and its operations. Every key is in docs/data-model.md; \`mwkit validate\` checks it.

entity: ${name}
title: ${title}
key: number                       # the field that identifies a record
keyPrefix: ${keyPrefixFrom(name).padEnd(24)}# keys the environment makes: ${keyPrefixFrom(name)}00001, ${keyPrefixFrom(name)}00002 …
display: name                     # the field that names a record in lookups and references
fields:
  number: { type: string, label: Number, readOnly: true }
  name: { type: string, label: Name, required: true }
  notes: { type: text, label: Notes }
  status: { type: enum, values: [ Open, Done ], label: Status, readOnly: true }
  owner: { type: user, label: Owner, readOnly: true }
  createdAt: { type: datetime, label: Created, readOnly: true }

# Who sees which records: any grant that matches lets the user see the record.
read:
  - { roles: any, filter: { owner: $user } }
  - { roles: [ Manager ] }
create: { roles: any }
update:
  roles: any
  where: { owner: $user, status: Open }
  refusal: Only your own open records can be changed.
delete:
  roles: any
  where: { owner: $user, status: Open }
  refusal: Only your own open records can be deleted.
onCreate: { owner: $user, status: Open, createdAt: $now }

operations:
  ${operation}:
    title: Complete
    description: Marks an open record as done.
    roles: any
    where: { owner: $user, status: Open }
    refusal: Only your own open records can be completed.
    set: { status: Done }
`;
}

export const rolesFileText = `# The business roles of this project's data model; rules and workspaces name them.
roles:
  Employee: { description: Works with their own records. }
  Manager: { description: Sees the records of everyone. }
`;

export interface PlannedText {
  path: string;
  text: string;
}

/** The files to write for entity `name`: its file, and roles.yaml when `hasRoles` is false. */
export function planEntity(projectRoot: string, name: string, title: string, hasRoles: boolean): PlannedText[] {
  const files = [{ path: join(projectRoot, 'model', `${name}.yaml`), text: entityFileText(name, title) }];
  if (!hasRoles) files.push({ path: join(projectRoot, 'model', 'roles.yaml'), text: rolesFileText });
  return files;
}
