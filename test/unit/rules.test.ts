import { describe, expect, it } from 'vitest';
import { baseWorkspace, codesOf, validateWorkspace } from '../helpers/project.js';

type Workspace = ReturnType<typeof baseWorkspace>;
type Case = [name: string, change: (ws: Workspace) => void, code: string, pointer: string];

// Each rule: a change that triggers it, with the code and the JSON Pointer it must report.
const triggering: Case[] = [
  [
    'duplicate page id',
    (ws) => {
      ws.pages[2].id = 'reports';
      ws.pages[1].related[0].page = 'reports';
    },
    'MW201',
    '/pages/2/id',
  ],
  [
    'duplicate action id',
    (ws) => {
      ws.actions[2].id = 'submit';
    },
    'MW202',
    '/actions/2/id',
  ],
  [
    'open to a missing page',
    (ws) => {
      ws.pages[0].open = 'reprot';
    },
    'MW204',
    '/pages/0/open',
  ],
  [
    'open to a list page',
    (ws) => {
      ws.pages[0].open = 'lines';
    },
    'MW205',
    '/pages/0/open',
  ],
  [
    'open to a details page of another entity',
    (ws) => {
      ws.pages[2].open = 'report';
    },
    'MW205',
    '/pages/2/open',
  ],
  [
    'related to a missing page',
    (ws) => {
      ws.pages[1].related[0].page = 'line';
    },
    'MW204',
    '/pages/1/related/0/page',
  ],
  [
    'related to a details page',
    (ws) => {
      ws.pages[1].related[0].page = 'report';
    },
    'MW205',
    '/pages/1/related/0/page',
  ],
  [
    'page offers a missing action',
    (ws) => {
      ws.pages[0].actions = ['new-reprt'];
    },
    'MW206',
    '/pages/0/actions/0',
  ],
  [
    'operation offered on a list page',
    (ws) => {
      ws.pages[0].actions.push('submit');
    },
    'MW207',
    '/pages/0/actions/1',
  ],
  [
    'create offered on a list of another entity',
    (ws) => {
      ws.pages[2].actions = ['new-report'];
    },
    'MW207',
    '/pages/2/actions/0',
  ],
  [
    'update on a details page of another entity',
    (ws) => {
      ws.actions.push({ id: 'edit-line', kind: 'update', title: 'Edit', entity: 'ExpenseLine', fields: ['amount'] });
      ws.pages[1].actions.push('edit-line');
    },
    'MW207',
    '/pages/1/actions/2',
  ],
  [
    'unknown variable',
    (ws) => {
      ws.pages[0].filter.owner = '$me';
    },
    'MW208',
    '/pages/0/filter/owner',
  ],
  [
    '$record on a list page',
    (ws) => {
      ws.pages[0].filter.owner = '$record.owner';
    },
    'MW208',
    '/pages/0/filter/owner',
  ],
  [
    '$record in an action offered on a list page',
    (ws) => {
      ws.pages[0].actions.push('add-line');
    },
    'MW208',
    '/actions/2/fields/0/default',
  ],
  [
    'unused details page',
    (ws) => {
      delete ws.pages[0].open;
    },
    'MW211',
    '/pages/1/id',
  ],
  [
    'unused action',
    (ws) => {
      ws.pages[0].actions = [];
    },
    'MW212',
    '/actions/0/id',
  ],
  [
    'field listed twice',
    (ws) => {
      ws.pages[0].fields.push('purpose');
    },
    'MW213',
    '/pages/0/fields/2',
  ],
  [
    'required field hidden with no default',
    (ws) => {
      ws.actions[0].fields[1] = { field: 'project', required: true, hidden: true };
    },
    'MW214',
    '/actions/0/fields/1',
  ],
  [
    'catalog-required field read-only with no default',
    (ws) => {
      ws.actions[2].fields[1] = { field: 'amount', readOnly: true };
    },
    'MW214',
    '/actions/2/fields/1',
  ],
  [
    'field twice across sections',
    (ws) => {
      ws.pages[1].sections.push({ title: 'More', fields: ['total'] });
    },
    'MW213',
    '/pages/1/sections/1/fields/0',
  ],
  [
    'unknown entity',
    (ws) => {
      ws.pages[2].entity = 'ExpenseLines';
    },
    'MW301',
    '/pages/2/entity',
  ],
  [
    'unknown figure entity',
    (ws) => {
      ws.pages[3].figures[0].entity = 'Report';
    },
    'MW301',
    '/pages/3/figures/0/entity',
  ],
  [
    'unknown list field',
    (ws) => {
      ws.pages[0].fields[1] = 'purpse';
    },
    'MW302',
    '/pages/0/fields/1',
  ],
  [
    'unknown section field',
    (ws) => {
      ws.pages[1].sections[0].fields[0] = { field: 'numbr', label: 'No.' };
    },
    'MW302',
    '/pages/1/sections/0/fields/0/field',
  ],
  [
    'unknown sort field',
    (ws) => {
      ws.pages[0].sort[0].field = 'created';
    },
    'MW302',
    '/pages/0/sort/0/field',
  ],
  [
    'unknown search field',
    (ws) => {
      ws.pages[0].search = ['purpos'];
    },
    'MW302',
    '/pages/0/search/0',
  ],
  [
    'search on a number',
    (ws) => {
      ws.pages[0].search = ['total'];
    },
    'MW305',
    '/pages/0/search/0',
  ],
  [
    'unknown filter field',
    (ws) => {
      ws.pages[0].filter = { ownr: '$user' };
    },
    'MW302',
    '/pages/0/filter/ownr',
  ],
  [
    'unknown related filter field',
    (ws) => {
      ws.pages[1].related[0].filter = { report: '$record.number' };
    },
    'MW302',
    '/pages/1/related/0/filter/report',
  ],
  [
    'unknown $record field',
    (ws) => {
      ws.pages[1].related[0].filter = { reportNumber: '$record.nummer' };
    },
    'MW302',
    '/pages/1/related/0/filter/reportNumber',
  ],
  [
    'unknown operation',
    (ws) => {
      ws.actions[1].operation = 'submitReport';
    },
    'MW303',
    '/actions/1/operation',
  ],
  [
    'unknown action field',
    (ws) => {
      ws.actions[0].fields.push('purpos');
    },
    'MW302',
    '/actions/0/fields/2',
  ],
  [
    'unknown operation parameter',
    (ws) => {
      ws.actions[1].fields = ['reasn'];
    },
    'MW302',
    '/actions/1/fields/0',
  ],
  [
    'lookup to an unknown entity',
    (ws) => {
      ws.actions[0].fields[1].lookup.entity = 'Projects';
    },
    'MW304',
    '/actions/0/fields/1/lookup/entity',
  ],
  [
    'lookup to another entity than the reference',
    (ws) => {
      ws.actions[0].fields[1].lookup = { entity: 'ExpenseLine', value: 'id', display: 'id' };
    },
    'MW304',
    '/actions/0/fields/1/lookup/entity',
  ],
  [
    'lookup display field unknown',
    (ws) => {
      ws.actions[0].fields[1].lookup.display = 'title';
    },
    'MW304',
    '/actions/0/fields/1/lookup/display',
  ],
  [
    'contains on a decimal',
    (ws) => {
      ws.pages[0].filter = { total: { contains: '1' } };
    },
    'MW305',
    '/pages/0/filter/total/contains',
  ],
  [
    'gt on a boolean',
    (ws) => {
      ws.pages[0].filter = { submitted: { gt: true } };
    },
    'MW305',
    '/pages/0/filter/submitted/gt',
  ],
  [
    'enum value not in values',
    (ws) => {
      ws.pages[3].figures[0].filter.status = 'Drafted';
    },
    'MW306',
    '/pages/3/figures/0/filter/status',
  ],
  [
    'enum value in an in-list',
    (ws) => {
      ws.pages[0].filter.status = { in: ['Draft', 'Open'] };
    },
    'MW306',
    '/pages/0/filter/status/in/1',
  ],
  [
    'create leaves a required field unset',
    (ws) => {
      ws.actions[2].fields = ['amount'];
    },
    'MW307',
    '/actions/2/fields',
  ],
  [
    'operation leaves a required parameter unset',
    (ws) => {
      ws.actions[1].operation = 'rejectExpenseReport';
    },
    'MW307',
    '/actions/1/id',
  ],
  [
    'create writes a read-only field',
    (ws) => {
      ws.actions[0].fields.push('total');
    },
    'MW308',
    '/actions/0/fields/2',
  ],
  [
    'sum over a text field',
    (ws) => {
      ws.pages[3].figures[1].field = 'purpose';
    },
    'MW309',
    '/pages/3/figures/1/field',
  ],
  [
    'number for a boolean',
    (ws) => {
      ws.pages[0].filter.submitted = 1;
    },
    'MW310',
    '/pages/0/filter/submitted',
  ],
  [
    '$today for a decimal',
    (ws) => {
      ws.actions[2].fields[1] = { field: 'amount', default: '$today' };
    },
    'MW310',
    '/actions/2/fields/1/default',
  ],
  [
    'an escaped literal that is not an enum value',
    (ws) => {
      ws.pages[0].filter.status = '$$Draft';
    },
    'MW306',
    '/pages/0/filter/status',
  ],
  [
    'text for an integer',
    (ws) => {
      ws.pages[0].filter.lineCount = { gte: 'many' };
    },
    'MW310',
    '/pages/0/filter/lineCount/gte',
  ],
];

describe('semantic rules', () => {
  it('the base workspace has no diagnostics', () => {
    const result = validateWorkspace(baseWorkspace());
    expect(result.diagnostics).toEqual([]);
    expect(result.hasCatalog).toBe(true);
  });

  it.each(triggering)('%s', (_name, change, code, pointer) => {
    const workspace = baseWorkspace();
    change(workspace);
    const result = validateWorkspace(workspace);
    const found = result.diagnostics.filter((d) => d.code === code);
    expect(found.map((d) => d.pointer)).toContain(pointer);
    expect(found[0]!.line).toBeGreaterThan(1);
  });

  it('allows what looks close but is right', () => {
    const ws = baseWorkspace();
    ws.pages[0].filter.status = { in: ['Draft', 'Submitted'] };
    ws.pages[0].filter.createdAt = { gte: '$today' };
    ws.pages[0].filter.purpose = { contains: 'taxi' };
    ws.pages[0].filter.lineCount = { gt: 0, lte: 10 };
    ws.actions[0].fields.push({ field: 'number', readOnly: true });
    ws.pages[3].figures.push({ label: 'Latest', entity: 'ExpenseReport', aggregate: 'max', field: 'createdAt' });
    ws.actions.push({ id: 'reject', kind: 'operation', title: 'Reject', entity: 'ExpenseReport', operation: 'rejectExpenseReport', fields: ['reason'] });
    ws.pages[1].actions.push('reject');
    ws.actions[2].fields[2] = { field: 'date', hidden: true }; // hidden, but not required
    ws.pages[0].filter.number = '$$5 off'; // a literal starting with $, not a variable
    ws.actions[2].fields[1] = { field: 'amount', readOnly: true, default: 10 }; // required, read-only, with a default
    expect(validateWorkspace(ws).diagnostics).toEqual([]);
  });

  it('suggests the closest page name', () => {
    const ws = baseWorkspace();
    ws.pages[0].open = 'reprot';
    const [diagnostic] = validateWorkspace(ws).diagnostics;
    expect(diagnostic!.hint).toBe('Did you mean `report`?');
  });

  it('skips catalog rules without a catalog, but not the others', () => {
    const ws = baseWorkspace();
    ws.pages[2].entity = 'Nope';
    ws.pages[1].related[0].page = 'missing';
    const result = validateWorkspace(ws, { 'mwkit.yaml': 'name: demo\npublisher: Contoso\nversion: 1.0.0\n' });
    expect(result.hasCatalog).toBe(false);
    expect(codesOf(result)).toEqual(['MW204']);
  });

  it('reports duplicate workspace ids across the project', () => {
    const ws = JSON.stringify(baseWorkspace());
    const result = validateWorkspace(baseWorkspace(), { 'workspaces/copy/workspace.yaml': ws });
    expect(codesOf(result)).toEqual(['MW203']);
    expect(result.diagnostics[0]!.file).toBe('workspaces/expenses/workspace.yaml');
  });
});

describe('logic file', () => {
  it('reports a missing logic file at the logic key', () => {
    const result = validateWorkspace({ ...baseWorkspace(), logic: 'logic.js' });
    expect(codesOf(result)).toEqual(['MW209']);
    expect(result.diagnostics[0]!.pointer).toBe('/logic');
  });

  it('reports a syntax error at the script line', () => {
    const script = 'export function onFieldChanged(ctx) {\n  const x = ;\n}\n';
    const result = validateWorkspace({ ...baseWorkspace(), logic: 'logic.js' }, { 'workspaces/expenses/logic.js': script });
    expect(result.diagnostics).toMatchObject([{ code: 'MW210', file: 'workspaces/expenses/logic.js', line: 2, column: 13 }]);
  });

  it('accepts a module that parses', () => {
    const script = 'export async function onFieldChanged(ctx) {\n  return ctx?.value ?? 0;\n}\n';
    const result = validateWorkspace({ ...baseWorkspace(), logic: 'logic.js' }, { 'workspaces/expenses/logic.js': script });
    expect(result.diagnostics).toEqual([]);
  });
});

describe('value checks found in review', () => {
  const withFilter = (filter: object) => {
    const ws = baseWorkspace();
    ws.pages[0].filter = filter;
    return codesOf(validateWorkspace(ws));
  };

  it('refuses impossible dates and lenient date-times', () => {
    expect(withFilter({ createdAt: { lt: '2024-13-45' } })).toContain('MW310');
    expect(withFilter({ createdAt: { gt: 'March 5' } })).toContain('MW310');
    expect(withFilter({ createdAt: { gt: '2024-03-05T09:00:00Z' } })).toEqual([]);
  });

  it('refuses numbers for enum fields and variables of the wrong type', () => {
    expect(withFilter({ status: 5 })).toContain('MW310');
    expect(withFilter({ total: '$user' })).toContain('MW310');
    expect(withFilter({ owner: '$user' })).toEqual([]);
    const ws = baseWorkspace();
    ws.pages[1].related[0].filter = { reportNumber: '$record.total' };
    expect(codesOf(validateWorkspace(ws))).toContain('MW310');
  });

  it('does not let $record stand for records of different entities', () => {
    const ws = baseWorkspace();
    ws.pages.push({ id: 'line', kind: 'details', title: 'Line', entity: 'ExpenseLine', sections: [{ title: 'Line', fields: ['amount'] }], actions: ['add-line'] });
    ws.pages[2].open = 'line';
    expect(codesOf(validateWorkspace(ws))).toContain('MW208');
  });

  it('forbids a field on a count figure', () => {
    const ws = baseWorkspace();
    ws.pages[3].figures[0].field = 'status';
    const [diagnostic] = validateWorkspace(ws).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'MW107', message: 'Key `field` does not apply when aggregate is `count`.' });
  });

  it('reads well', () => {
    const ws = baseWorkspace();
    ws.pages[0].filter = { status: { lt: 'Draft' } };
    expect(validateWorkspace(ws).diagnostics[0]!.message).toContain('an enum field');
    ws.pages[0].filter = {};
    ws.roles = ['Employee', 'Employee'];
    expect(validateWorkspace(ws).diagnostics[0]).toMatchObject({ code: 'MW108', pointer: '/roles/1', message: '`roles` lists `Employee` twice.' });
  });
});
