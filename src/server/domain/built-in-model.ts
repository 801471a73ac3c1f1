// The data model an environment runs with until models are applied like packages: the demo
// company's (models/demo/model/*.yaml, docs/data-model.md), compiled once per process into
// the catalog it serves and checks workspaces against and the entity rules it enforces.
// templates/catalog.json is the same catalog as a file for projects to validate against
// (test/unit/demo-model.test.ts keeps the two equal).
import { readdirSync, readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { type CompiledModel, compileModel, modelFromFiles } from '../../model/data-model.js';

/** Same relative path from src/ and dist/. */
const modelDir = new URL('../../../models/demo/model/', import.meta.url);

let builtIn: CompiledModel | undefined;

export function builtInModel(): CompiledModel {
  if (builtIn) return builtIn;
  const files = readdirSync(modelDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => ({ name, data: jsYaml.load(readFileSync(new URL(name, modelDir), 'utf8'), { schema: jsYaml.CORE_SCHEMA }) }));
  builtIn = compileModel(modelFromFiles(files));
  return builtIn;
}
