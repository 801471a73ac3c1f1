// Names the scaffolding commands accept, with messages that say exactly what is wrong.
// The patterns are the ones in schemas/project.schema.json and schemas/workspace.schema.json.

export const projectNamePattern = /^[a-z0-9][a-z0-9._-]*$/;
export const workspaceIdPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const projectNameMaxLength = 214;

/** Why `name` is not a valid project name, or undefined when it is valid. */
export function projectNameProblem(name: string): string | undefined {
  if (projectNamePattern.test(name) && name.length <= projectNameMaxLength) return undefined;
  const shown = `\`${name}\` is not a valid project name`;
  const rule = 'use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit';
  if (name === '') return 'The project name is empty: use lowercase letters, digits, ".", "_" and "-" (e.g. contoso-field-apps).';
  if (name.length > projectNameMaxLength) return `${shown}: it has ${name.length} characters, at most ${projectNameMaxLength} are allowed.`;
  if (!/^[a-z0-9]/.test(name)) return `${shown}: it starts with ${describeChar(name[0]!)}; ${rule}.`;
  const bad = [...name].find((c) => !/[a-z0-9._-]/.test(c))!;
  return `${shown}: it contains ${describeChar(bad)}; ${rule}.`;
}

/** Why `id` is not a valid workspace id (kebab-case), or undefined when it is valid. */
export function workspaceIdProblem(id: string): string | undefined {
  if (workspaceIdPattern.test(id)) return undefined;
  const shown = `\`${id}\` is not a valid workspace id`;
  const rule = 'use kebab-case: lowercase words of letters and digits joined by single hyphens, starting with a letter (e.g. field-service)';
  if (id === '') return `The workspace id is empty; ${rule}.`;
  if (!/^[a-z]/.test(id)) return `${shown}: it starts with ${describeChar(id[0]!)}; ${rule}.`;
  const bad = [...id].find((c) => !/[a-z0-9-]/.test(c));
  if (bad !== undefined) return `${shown}: it contains ${describeChar(bad)}; ${rule}.`;
  if (id.endsWith('-')) return `${shown}: it ends with a hyphen; ${rule}.`;
  return `${shown}: it has two hyphens in a row; ${rule}.`;
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (/[A-Z]/.test(c)) return `an uppercase letter ("${c}")`;
  return `"${c}"`;
}

/** A valid project name made from a folder name: "My App!" → "my-app"; falls back to my-project. */
export function projectNameFromFolder(folderName: string): string {
  const name = folderName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents that NFKD split off: "Café" → "cafe"
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '')
    .slice(0, projectNameMaxLength);
  return name === '' ? 'my-project' : name;
}

/** A kebab-case id suggested for something the user typed: "Field Service" → "field-service". */
export function workspaceIdFrom(text: string): string | undefined {
  const id = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2') // fieldService → field-Service
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return workspaceIdPattern.test(id) ? id : undefined;
}

/** A title for a workspace id: "field-service" → "Field service". */
export function titleFromId(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
