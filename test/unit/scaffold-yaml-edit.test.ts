import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scalarSource, setTopLevelScalars } from '../../src/scaffold/yaml-edit.js';
import { templatesRoot } from '../../src/scaffold/templates.js';

const workspace = `# yaml-language-server: $schema=../../node_modules/mwkit/schemas/workspace.schema.json
# A comment block at the top.

schemaVersion: 1
id: blank                         # kebab-case, unique in the project
title: Contacts                   # name on the dashboard tile
version: 1.0.0
pages:
  # A comment inside a list.
  - { id: contacts, kind: list, title: Contacts, entity: Contact, fields: [name] }
`;

describe('setTopLevelScalars', () => {
  it('changes only the values and keeps comments and the column of end-of-line comments', () => {
    const edited = setTopLevelScalars(workspace, { id: 'field-service', title: 'Field service' });
    expect(edited).toBe(
      workspace.replace('id: blank                         #', 'id: field-service                 #').replace('title: Contacts                   #', 'title: Field service              #'),
    );
  });

  it('keeps at least one space before a comment when the value grows past it', () => {
    const edited = setTopLevelScalars('id: a  # c\n', { id: 'a-much-longer-id' });
    expect(edited).toBe('id: a-much-longer-id # c\n');
  });

  it('quotes values that would not read back as the same string', () => {
    const edited = setTopLevelScalars(workspace, { title: 'Audits: #1' });
    expect(edited).toContain('title: "Audits: #1"');
    expect(parse(edited).title).toBe('Audits: #1');
    expect(edited).toContain('# name on the dashboard tile');
  });

  it('replaces quoted values', () => {
    expect(setTopLevelScalars("title: 'Old' # c\n", { title: 'New' })).toBe('title: New   # c\n');
  });

  it('adds a missing key through the Document API, keeping comments', () => {
    const edited = setTopLevelScalars('# top\nid: x # the id\n', { title: 'X' });
    expect(parse(edited)).toEqual({ id: 'x', title: 'X' });
    expect(edited).toContain('# top');
    expect(edited).toContain('# the id');
  });

  it('rejects YAML that does not parse', () => {
    expect(() => setTopLevelScalars('id: [\n', { id: 'x' })).toThrow(/does not parse/);
  });

  it('sets the id of every shipped template without touching anything else', () => {
    for (const id of ['blank', 'expense-management', 'sales-orders']) {
      const text = readFileSync(join(templatesRoot, id, 'workspace.yaml'), 'utf8');
      const edited = setTopLevelScalars(text, { id: 'my-copy' });
      const before = parse(text) as Record<string, unknown>;
      expect(parse(edited)).toEqual({ ...before, id: 'my-copy' });
      expect(edited.split('\n').filter((line) => line.includes('#'))).toHaveLength(text.split('\n').filter((line) => line.includes('#')).length);
    }
  });
});

describe('scalarSource', () => {
  it.each([
    ['Field service', 'Field service'],
    ['Audits: 2024', '"Audits: 2024"'],
    ['123', '"123"'],
    ['true', '"true"'],
    ['two\nlines', '"two\\nlines"'],
  ])('%j → %s', (value, source) => {
    expect(scalarSource(value)).toBe(source);
    expect(parse(`v: ${source}`).v).toBe(value);
  });
});
