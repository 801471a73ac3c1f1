// Builds small projects on disk from inline file trees, for tests of the validator.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateProject, type ValidationResult } from '../../src/validate/index.js';

export const testCatalog = {
  entities: {
    ExpenseReport: {
      title: 'Expense report',
      key: 'number',
      fields: {
        number: { type: 'string', label: 'Number', readOnly: true },
        purpose: { type: 'string', label: 'Purpose', required: true },
        total: { type: 'decimal', label: 'Total', readOnly: true },
        status: { type: 'enum', values: ['Draft', 'Submitted', 'Approved', 'Paid'], readOnly: true },
        owner: { type: 'user' },
        project: { type: 'reference', entity: 'Project' },
        createdAt: { type: 'datetime', readOnly: true },
        submitted: { type: 'boolean' },
        lineCount: { type: 'integer', readOnly: true },
      },
      operations: {
        submitExpenseReport: { title: 'Submit' },
        rejectExpenseReport: { title: 'Reject', parameters: { reason: { type: 'text', required: true } } },
      },
    },
    ExpenseLine: {
      key: 'id',
      fields: {
        id: { type: 'string', readOnly: true },
        reportNumber: { type: 'reference', entity: 'ExpenseReport', required: true },
        amount: { type: 'decimal', required: true },
        date: { type: 'date' },
      },
    },
    Project: { key: 'id', fields: { id: { type: 'string' }, name: { type: 'string' } } },
  },
};

/** A valid workspace with one of each kind of page; tests change one thing at a time. */
export function baseWorkspace(): Record<string, any> {
  // eslint-disable-line @typescript-eslint/no-explicit-any -- tests edit it freely
  return {
    schemaVersion: 1,
    id: 'expenses',
    title: 'Expenses',
    version: '1.0.0',
    pages: [
      {
        id: 'reports',
        kind: 'list',
        title: 'Reports',
        entity: 'ExpenseReport',
        filter: { owner: '$user' },
        sort: [{ field: 'createdAt', order: 'desc' }],
        search: ['purpose'],
        fields: ['number', 'purpose'],
        open: 'report',
        actions: ['new-report'],
      },
      {
        id: 'report',
        kind: 'details',
        title: 'Report',
        entity: 'ExpenseReport',
        sections: [{ title: 'General', fields: ['number', 'purpose', 'total'] }],
        related: [{ title: 'Lines', page: 'lines', filter: { reportNumber: '$record.number' } }],
        actions: ['submit', 'add-line'],
      },
      { id: 'lines', kind: 'list', title: 'Lines', entity: 'ExpenseLine', fields: ['date', 'amount'] },
      {
        id: 'overview',
        kind: 'summary',
        title: 'Overview',
        figures: [
          { label: 'Open', entity: 'ExpenseReport', aggregate: 'count', filter: { status: 'Draft' } },
          { label: 'Total', entity: 'ExpenseReport', aggregate: 'sum', field: 'total' },
        ],
      },
    ],
    actions: [
      {
        id: 'new-report',
        kind: 'create',
        title: 'New report',
        entity: 'ExpenseReport',
        fields: [
          { field: 'purpose', required: true },
          { field: 'project', lookup: { entity: 'Project', value: 'id', display: 'name' } },
        ],
      },
      { id: 'submit', kind: 'operation', title: 'Submit', entity: 'ExpenseReport', operation: 'submitExpenseReport', confirm: 'Submit?' },
      {
        id: 'add-line',
        kind: 'create',
        title: 'Add line',
        entity: 'ExpenseLine',
        fields: [{ field: 'reportNumber', default: '$record.number', hidden: true }, 'amount', { field: 'date', default: '$today' }],
      },
    ],
  };
}

/** Writes files (path → text, or data that is written as JSON) into a new temp folder. */
export function writeTree(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'mwkit-unit-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

export const projectFile = 'name: demo\npublisher: Contoso\nversion: 1.0.0\ncatalog: catalog.json\n';

/** Validates a project with one workspace (given as data, written as YAML-compatible JSON). */
export function validateWorkspace(workspace: object, extraFiles: Record<string, string | object> = {}): ValidationResult {
  const root = writeTree({ 'mwkit.yaml': projectFile, 'catalog.json': testCatalog, 'workspaces/expenses/workspace.yaml': JSON.stringify(workspace, null, 2), ...extraFiles });
  return validateProject({ path: root });
}

export function codesOf(result: ValidationResult): string[] {
  return result.diagnostics.map((d) => d.code);
}
