// A project's data model: model/*.yaml (docs/data-model.md), one entity per file and the roles
// in roles.yaml; load.ts reads them and checks them against schemas/model.schema.json and
// roles.schema.json. When the project has one, its workspaces are checked against the catalog
// it compiles to.
import { join } from 'node:path';
import type { DataModel } from '../model/data-model.js';
import type { SourceFile } from '../yaml/source.js';
import { expandGlob } from './glob.js';

export const modelFileGlob = 'model/*.yaml';

/** Rule tests live beside the model (model/*.test.yaml); they are not model files. */
export function isModelFile(path: string): boolean {
  return !/\.test\.ya?ml$/.test(path);
}

export interface LoadedModel {
  model: DataModel;
  /** Each file's source by its file name in model/ (`roles.yaml`, `ExpenseReport.yaml`), for positions. */
  sources: Map<string, SourceFile>;
}

/** The model files of the project at `root`, absolute, sorted. */
export function findModelFiles(root: string): string[] {
  return expandGlob(root, modelFileGlob)
    .filter(isModelFile)
    .map((file) => join(root, file));
}
