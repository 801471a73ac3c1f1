// Build step: compiles schemas/{project,workspace,catalog,model,roles}.schema.json into standalone ajv
// validators (dist/validate/schema-validators.cjs), so that `mwkit validate` does not load and
// compile ajv on every run. src/validate/schema.ts falls back to compiling at run time when the
// file is absent (unit tests run from src/). Options must match that fallback.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = new URL('../', import.meta.url);
const names = ['project', 'workspace', 'catalog', 'model', 'roles'];
const ajv = new Ajv2020({
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  strictTypes: false,
  strictRequired: false,
  code: { source: true },
});
const refs = {};
for (const name of names) {
  const schema = JSON.parse(readFileSync(new URL(`schemas/${name}.schema.json`, root), 'utf8'));
  ajv.addSchema(schema);
  refs[name] = schema.$id;
}
mkdirSync(new URL('dist/validate/', root), { recursive: true });
writeFileSync(new URL('dist/validate/schema-validators.cjs', root), standaloneCode.default(ajv, refs));
