import { describe, expect, it } from 'vitest';
import { projectNameFromFolder, projectNameProblem, projectNamePattern, titleFromId, workspaceIdFrom, workspaceIdPattern, workspaceIdProblem } from '../../src/scaffold/names.js';
import projectSchema from '../../schemas/project.schema.json' with { type: 'json' };
import workspaceSchema from '../../schemas/workspace.schema.json' with { type: 'json' };

describe('patterns', () => {
  it("are the schemas' patterns", () => {
    expect(projectNamePattern.source).toBe(projectSchema.properties.name.pattern);
    expect(JSON.stringify(workspaceSchema)).toContain(JSON.stringify(workspaceIdPattern.source));
  });
});

describe('projectNameFromFolder', () => {
  it.each([
    ['try1', 'try1'],
    ['My App', 'my-app'],
    ['Contoso Field Apps!', 'contoso-field-apps'],
    ['Café', 'cafe'],
    ['.hidden', 'hidden'],
    ['_x_', 'x_'],
    ['', 'my-project'],
    ['!!!', 'my-project'],
    ['a.b_c-d', 'a.b_c-d'],
  ])('%j → %j', (folder, name) => {
    expect(projectNameFromFolder(folder)).toBe(name);
    expect(projectNameProblem(name)).toBeUndefined();
  });
});

describe('projectNameProblem', () => {
  it.each([
    ['My-App', 'it starts with an uppercase letter ("M")'],
    ['my app', 'it contains a space'],
    ['-app', 'it starts with "-"'],
    ['app/x', 'it contains "/"'],
    ['', 'The project name is empty'],
  ])('%j: %s', (name, expected) => {
    expect(projectNameProblem(name)).toContain(expected);
  });

  it('rejects names longer than 214 characters', () => {
    expect(projectNameProblem('a'.repeat(215))).toContain('215 characters, at most 214');
  });
});

describe('workspaceIdProblem', () => {
  it.each(['field-service', 'a', 'po2-approval'])('accepts %j', (id) => {
    expect(workspaceIdProblem(id)).toBeUndefined();
  });

  it.each([
    ['Field', 'it starts with an uppercase letter ("F")'],
    ['2fa', 'it starts with "2"'],
    ['field_service', 'it contains "_"'],
    ['field service', 'it contains a space'],
    ['field-', 'it ends with a hyphen'],
    ['field--service', 'two hyphens in a row'],
    ['', 'The workspace id is empty'],
  ])('%j: %s', (id, expected) => {
    const problem = workspaceIdProblem(id);
    expect(problem).toContain(expected);
    expect(problem).toContain('kebab-case');
  });
});

describe('workspaceIdFrom and titleFromId', () => {
  it('suggests a kebab-case id', () => {
    expect(workspaceIdFrom('Field Service')).toBe('field-service');
    expect(workspaceIdFrom('fieldService')).toBe('field-service');
    expect(workspaceIdFrom('field_service')).toBe('field-service');
    expect(workspaceIdFrom('123')).toBeUndefined();
  });

  it('makes a sentence-case title', () => {
    expect(titleFromId('field-service')).toBe('Field service');
    expect(titleFromId('audits')).toBe('Audits');
  });
});
