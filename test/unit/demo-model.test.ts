// The demo company as a data model (models/demo/model/): compiled, it is exactly the catalog
// projects validate against (templates/catalog.json), and it is what the environment enforces.
// (When the model replaced the TypeScript table of rules, the compiled rules were shown equal
// to the table, key for key; the server's tests hold the behaviour since.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compileModel, modelFromFiles, rolesFileName } from '../../src/model/data-model.js';
import { checkModel } from '../../src/validate/model-checks.js';
import { checkSchema } from '../../src/validate/schema.js';
import { parseYamlSource } from '../../src/yaml/source.js';
import { builtInModel } from '../../src/server/domain/built-in-model.js';

const entityRules = builtInModel().rules;

const folder = new URL('../../models/demo/model/', import.meta.url).pathname;
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, data: jsYaml.load(readFileSync(join(folder, name), 'utf8'), { schema: jsYaml.CORE_SCHEMA }) }));
const compiled = compileModel(modelFromFiles(files));

describe('the demo model', () => {
  it('compiles to templates/catalog.json, key for key and in the same order', () => {
    const catalog = JSON.parse(readFileSync(new URL('../../templates/catalog.json', import.meta.url), 'utf8')) as unknown;
    expect(compiled.catalog).toEqual(catalog);
    expect(JSON.stringify(compiled.catalog)).toBe(JSON.stringify(catalog));
  });

  it('is what the environment enforces', () => {
    expect(entityRules).toEqual(compiled.rules);
    expect(Object.keys(entityRules)).toEqual(Object.keys(compiled.catalog.entities));
  });

  it('declares every role its rules name', () => {
    const named = new Set(
      Object.values(compiled.rules).flatMap((rules) => [
        ...rules.read.flatMap((grant) => (grant.roles === 'any' ? [] : grant.roles)),
        ...[rules.create, rules.update, rules.delete, ...Object.values(rules.operations ?? {})].flatMap((rule) => (rule && rule.roles !== 'any' ? rule.roles : [])),
      ]),
    );
    expect([...named].filter((role) => !compiled.roles.includes(role))).toEqual([]);
    expect(compiled.roles).toHaveLength(7);
  });

  it.each(readdirSync(folder).filter((name) => name.endsWith('.yaml')))('%s conforms to its schema', (name) => {
    const { source } = parseYamlSource(`model/${name}`, readFileSync(join(folder, name), 'utf8'));
    expect(checkSchema(source, name === rolesFileName ? 'roles' : 'model')).toEqual([]);
  });

  it('passes the checks across its files', () => {
    const sources = readdirSync(folder)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => parseYamlSource(`model/${name}`, readFileSync(join(folder, name), 'utf8')).source);
    const loaded = {
      model: modelFromFiles(sources.map((source) => ({ name: source.file.slice('model/'.length), data: source.data }))),
      sources: new Map(sources.map((source) => [source.file.slice('model/'.length), source])),
    };
    expect(checkModel(loaded)).toEqual([]);
  });
});
