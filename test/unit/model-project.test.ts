// A project with its own data model (model/*.yaml): validate checks the model files against
// their schemas and the workspaces against the catalog the model compiles to — no catalog file.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { validateProject } from '../../src/validate/index.js';
import { mwkit } from '../helpers/cli.js';
import { codesOf, writeTree } from '../helpers/project.js';

const roles = 'roles:\n  Employee: { description: Records visits. }\n  Manager: {}\n';

const customer = `entity: Customer
title: Customer
key: id
keyPrefix: CU-
display: name
fields:
  id: { type: string, label: Customer ID, readOnly: true }
  name: { type: string, label: Name, required: true }
read: [ { roles: any } ]
create: { roles: [ Manager ] }
`;

const visit = `entity: Visit
title: Visit
key: number
keyPrefix: VIS-
display: purpose
fields:
  number: { type: string, label: Number, readOnly: true }
  purpose: { type: string, label: Purpose, required: true }
  customer: { type: reference, entity: Customer, label: Customer, required: true }
  status: { type: enum, values: [ Planned, Done ], label: Status, readOnly: true }
  owner: { type: user, label: Employee, readOnly: true }
read:
  - { roles: any, filter: { owner: $user } }
  - { roles: [ Manager ] }
create: { roles: [ Employee ] }
onCreate: { owner: $user, status: Planned }
operations:
  completeVisit:
    title: Complete
    roles: any
    where: { owner: $user, status: Planned }
    refusal: Only your own planned visits can be completed.
    set: { status: Done }
`;

const workspace = (field = 'purpose') => `schemaVersion: 1
id: visits
title: Visits
version: 1.0.0
roles: [Employee]
pages:
  - id: list
    title: My visits
    kind: list
    entity: Visit
    fields: [${field}, status]
`;

const project = 'name: visits\npublisher: Contoso\nversion: 1.0.0\n';

const roots: string[] = [];
function modelProject(files: Record<string, string>): string {
  const root = writeTree({ 'mwkit.yaml': project, 'model/roles.yaml': roles, 'model/Customer.yaml': customer, 'model/Visit.yaml': visit, 'workspaces/visits/workspace.yaml': workspace(), ...files });
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('a project with a data model', () => {
  it('validates its workspaces against the model, with no catalog file', () => {
    const result = validateProject({ path: modelProject({}) });
    expect(result.diagnostics).toEqual([]);
    expect(result.hasCatalog).toBe(true);
    expect(Object.keys(result.project.catalog!.entities)).toEqual(['Customer', 'Visit']);
    expect(result.project.catalog!.entities.Visit!.operations).toEqual({ completeVisit: { title: 'Complete' } });
  });

  it("refuses a workspace field the model's entity does not have", () => {
    const result = validateProject({ path: modelProject({ 'workspaces/visits/workspace.yaml': workspace('purpse') }) });
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'MW302', file: 'workspaces/visits/workspace.yaml', message: expect.stringContaining('purpse') })]);
  });

  it('checks each model file against its schema, at the line of the mistake, and checks no workspace against half a model', () => {
    const result = validateProject({ path: modelProject({ 'model/Visit.yaml': visit.replace('onCreate:', 'onCreat:'), 'model/roles.yaml': 'roles:\n  Employee: { descripton: x }\n' }) });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual(['model/Visit.yaml:16 MW101', 'model/roles.yaml:2 MW101']);
    expect(result.diagnostics[0]!.hint).toContain('onCreate');
    expect(result.diagnostics[1]!.hint).toContain('description');
    expect(result.project.catalog).toBeUndefined();
  });

  it('warns that a catalog named in mwkit.yaml is not read', () => {
    const result = validateProject({ path: modelProject({ 'mwkit.yaml': `${project}catalog: catalog.json\n` }) });
    expect(codesOf(result)).toEqual(['MW007']);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'mwkit.yaml', line: 4 });
  });

  it('leaves rule tests beside the model alone (model/*.test.yaml are not entities)', () => {
    const result = validateProject({ path: modelProject({ 'model/visits.test.yaml': 'cases: []\n' }) });
    expect(result.diagnostics).toEqual([]);
  });

  it('through the built binary: exit 0 for the model project, 1 with the position of a model mistake', async () => {
    const good = await mwkit(['validate', modelProject({})]);
    expect(good.exitCode, good.stderr).toBe(0);
    const bad = await mwkit(['validate', modelProject({ 'model/Customer.yaml': customer.replace('type: string, label: Name', 'type: strng, label: Name') })]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/model\/Customer\.yaml:8:\d+ {2}error {2}MW106/);
  });
});

describe('the checks across model files', () => {
  const problems = (files: Record<string, string>) =>
    validateProject({ path: modelProject(files) }).diagnostics.map((d) => ({ at: `${d.file}:${d.line}`, code: d.code, message: d.message, hint: d.hint }));

  it('names an undeclared role, with the declared one it resembles', () => {
    expect(problems({ 'model/Customer.yaml': customer.replace('create: { roles: [ Manager ] }', 'create: { roles: [ Manger ] }') })).toEqual([
      { at: 'model/Customer.yaml:10', code: 'MW401', message: 'Role `Manger` is not declared in model/roles.yaml.', hint: 'Did you mean `Manager`?' },
    ]);
  });

  it('names a reference to an entity the model lacks', () => {
    expect(problems({ 'model/Visit.yaml': visit.replace('entity: Customer,', 'entity: Custmer,') })).toEqual([
      expect.objectContaining({ at: 'model/Visit.yaml:9', code: 'MW402', message: 'There is no entity `Custmer` in the model.', hint: 'Did you mean `Customer`?' }),
    ]);
  });

  it('names fields that are not fields: in a value, a condition and a key', () => {
    const found = problems({
      'model/Visit.yaml': visit
        .replace('onCreate: { owner: $user', 'onCreate: { ownr: $user')
        .replace('where: { owner: $user, status: Planned }', 'where: { owner: $user, stats: Planned }')
        .replace('display: purpose', 'display: purpos'),
    });
    expect(found.map((p) => `${p.at} ${p.code} ${p.hint}`)).toEqual([
      'model/Visit.yaml:5 MW403 Did you mean `purpose`?',
      'model/Visit.yaml:16 MW403 Did you mean `owner`?',
      'model/Visit.yaml:21 MW403 Did you mean `status`?',
    ]);
  });

  it('names a $param the operation does not declare', () => {
    const found = problems({ 'model/Visit.yaml': visit.replace('set: { status: Done }', 'set: { status: $param.outcome }') });
    expect(found).toEqual([expect.objectContaining({ code: 'MW405', message: '`$param.outcome`: the operation has no parameter `outcome`.' })]);
  });

  it('names an entity file not named after its entity', () => {
    expect(problems({ 'model/Customer.yaml': customer.replace('entity: Customer', 'entity: Client'), 'model/Visit.yaml': visit.replace('entity: Customer,', 'entity: Client,') })).toEqual([
      expect.objectContaining({ at: 'model/Customer.yaml:1', code: 'MW404', hint: 'Rename the file model/Client.yaml, or the entity `Customer`.' }),
    ]);
  });
});
