// "Standard enough that any 2020-12 validator agrees with ajv": a second, independent
// validator (@cfworker/json-schema) must give the same verdict as ajv on valid and broken files.
import { Validator } from '@cfworker/json-schema';
import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readSchema, checkSchema } from '../../src/validate/schema.js';
import { parseYamlSource } from '../../src/yaml/source.js';
import { baseWorkspace } from '../helpers/project.js';

const templatesDir = new URL('../../templates/', import.meta.url);
const templateIds = readdirSync(templatesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'project')
  .map((e) => e.name);

function verdicts(name: 'workspace' | 'catalog' | 'project', data: unknown): { ajv: boolean; other: boolean } {
  const source = parseYamlSource('x.yaml', JSON.stringify(data)).source;
  const other = new Validator(readSchema(name) as never, '2020-12', false).validate(data).valid;
  return { ajv: checkSchema(source, name).length === 0, other };
}

const broken: Array<[string, (ws: ReturnType<typeof baseWorkspace>) => void]> = [
  [
    'unknown key',
    (ws) => {
      ws.titel = 'x';
    },
  ],
  [
    'bad id',
    (ws) => {
      ws.id = 'Bad Id';
    },
  ],
  [
    'bad version',
    (ws) => {
      ws.version = '1.0';
    },
  ],
  [
    'wrong kind',
    (ws) => {
      ws.pages[0].kind = 'grid';
    },
  ],
  [
    'list page with sections',
    (ws) => {
      ws.pages[0].sections = [{ title: 'x', fields: ['a'] }];
    },
  ],
  [
    'operation without operation',
    (ws) => {
      delete ws.actions[1].operation;
    },
  ],
  [
    'delete with fields',
    (ws) => {
      ws.actions.push({ id: 'del', kind: 'delete', title: 'Delete', entity: 'X', fields: ['a'] });
    },
  ],
  [
    'unknown filter operator',
    (ws) => {
      ws.pages[0].filter = { a: { like: 'x' } };
    },
  ],
  [
    'sum without field',
    (ws) => {
      delete ws.pages[3].figures[1].field;
    },
  ],
  [
    'field ref of wrong type',
    (ws) => {
      ws.pages[0].fields.push(5);
    },
  ],
  [
    'empty pages',
    (ws) => {
      ws.pages = [];
    },
  ],
];

describe('a second 2020-12 validator agrees with ajv', () => {
  it.each(templateIds)('template %s is valid for both', (id) => {
    const data = load(readFileSync(new URL(`${id}/workspace.yaml`, templatesDir), 'utf8'));
    expect(verdicts('workspace', data)).toEqual({ ajv: true, other: true });
  });

  it('the demo catalog is valid for both', () => {
    const data = JSON.parse(readFileSync(new URL('catalog.json', templatesDir), 'utf8'));
    expect(verdicts('catalog', data)).toEqual({ ajv: true, other: true });
  });

  it.each(broken)('%s is invalid for both', (_name, change) => {
    const ws = baseWorkspace();
    change(ws);
    expect(verdicts('workspace', ws)).toEqual({ ajv: false, other: false });
  });

  it('a broken project file is invalid for both', () => {
    expect(verdicts('project', { name: 'Bad Name', publisher: 'x', version: '1.0.0' })).toEqual({ ajv: false, other: false });
    expect(verdicts('project', { name: 'good', publisher: 'x', version: '1.0.0' })).toEqual({ ajv: true, other: true });
  });
});
