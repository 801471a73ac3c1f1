import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatTemplateTable } from '../../src/commands/templates.js';
import { UsageError } from '../../src/errors.js';
import { findTemplate, parseTemplateTable, readTemplateTable, templatesRoot, unknownTemplateProblem } from '../../src/scaffold/templates.js';

const table = [
  { id: 'sales-orders', title: 'Sales orders', description: 'Take sales orders at the customer.' },
  { id: 'blank', title: 'Blank workspace', description: 'A minimal workspace to copy and edit.' },
];

describe('the shipped template table', () => {
  it('lists templates that all have a folder with a workspace.yaml, blank included', () => {
    const shipped = readTemplateTable();
    expect(shipped.map((t) => t.id)).toContain('blank');
    for (const template of shipped) expect(existsSync(join(templatesRoot, template.id, 'workspace.yaml'))).toBe(true);
  });
});

describe('parseTemplateTable', () => {
  it('reads { id, title, description } entries in order', () => {
    expect(parseTemplateTable(JSON.stringify(table))).toEqual(table);
  });

  it('rejects entries without a string title', () => {
    expect(() => parseTemplateTable('[{"id":"x","description":"d"}]', 't.json')).toThrow('t.json[0] must have string id, title and description.');
  });
});

describe('template lookup', () => {
  it('finds a known template', () => {
    expect(findTemplate('blank', table).title).toBe('Blank workspace');
    expect(unknownTemplateProblem('blank', table)).toBeUndefined();
  });

  it('suggests the closest id and lists every template', () => {
    expect(unknownTemplateProblem('sales-order', table)).toEqual({
      message: 'Unknown template `sales-order`.',
      hint: 'Did you mean `sales-orders`? Templates: sales-orders, blank (details: mwkit templates).',
    });
  });

  it('lists the templates without a suggestion when nothing is close', () => {
    expect(unknownTemplateProblem('crm', table)?.hint).toBe('Templates: sales-orders, blank (details: mwkit templates).');
  });

  it('throws a UsageError (exit 2) for an unknown id', () => {
    expect(() => findTemplate('nope', table)).toThrow(UsageError);
  });
});

describe('formatTemplateTable', () => {
  it('aligns id, title and description columns', () => {
    const lines = formatTemplateTable(table).split('\n');
    expect(lines[0]).toBe('ID            TITLE            DESCRIPTION');
    expect(lines[1]).toBe('sales-orders  Sales orders     Take sales orders at the customer.');
    expect(lines[2]).toBe('blank         Blank workspace  A minimal workspace to copy and edit.');
  });

  it('wraps descriptions under their column when the width is known', () => {
    // 31 columns of id and title leave 30 for the description at a width of 62.
    const lines = formatTemplateTable(table, { width: 62 }).split('\n');
    expect(lines.slice(1, 5)).toEqual([
      'sales-orders  Sales orders     Take sales orders at the',
      `${' '.repeat(31)}customer.`,
      'blank         Blank workspace  A minimal workspace to copy',
      `${' '.repeat(31)}and edit.`,
    ]);
  });

  it('colours only when given colours', () => {
    expect(formatTemplateTable(table)).not.toContain('\u001b[');
    expect(formatTemplateTable(table, { colors: new Chalk({ level: 1 }) })).toContain('\u001b[36msales-orders');
  });
});
