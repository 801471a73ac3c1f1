// Building manifest.json from the package's files, and checking a manifest read from a package
// against schemas/manifest.schema.json.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compareCodeUnits, packageFormat, type Manifest, type ManifestFile, type ManifestWorkspace, type SignatureFile } from './format.js';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface ManifestInput {
  name: string;
  publisher: string;
  version: string;
  description?: string;
  createdAt: Date;
  tool: { name: string; version: string };
  workspaces: ManifestWorkspace[];
  /** Every file of the package but manifest.json and signature.json. */
  files: ReadonlyArray<{ path: string; data: Uint8Array }>;
}

/** The manifest, keys in the schema's order and lists sorted, so its bytes are reproducible. */
export function buildManifest(input: ManifestInput): Manifest {
  const files: ManifestFile[] = [...input.files].sort((a, b) => compareCodeUnits(a.path, b.path)).map((file) => ({ path: file.path, size: file.data.byteLength, sha256: sha256Hex(file.data) }));
  const workspaces = [...input.workspaces].sort((a, b) => compareCodeUnits(a.id, b.id)).map(({ id, version, path }) => ({ id, version, path }));
  return {
    format: packageFormat,
    name: input.name,
    publisher: input.publisher,
    version: input.version,
    ...(input.description !== undefined ? { description: input.description } : {}),
    createdAt: isoSeconds(input.createdAt),
    tool: { name: input.tool.name, version: input.tool.version },
    workspaces,
    files,
  };
}

/** 2024-01-02T03:04:05Z: whole seconds, as SOURCE_DATE_EPOCH gives them. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const schemaId = 'https://mwkit.dev/schemas/manifest.schema.json';
const require = createRequire(import.meta.url);
let validators: { manifest: ValidateFunction; signature: ValidateFunction } | undefined;

/** Compiled on first use: only inspect, verify and apply read packages. */
function getValidators(): { manifest: ValidateFunction; signature: ValidateFunction } {
  if (validators) return validators;
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  // Read here rather than through validate/schema.ts's readSchema, which would load the YAML stack.
  ajv.addSchema(JSON.parse(readFileSync(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8')) as object);
  validators = {
    manifest: ajv.getSchema(schemaId)!,
    signature: ajv.compile({ $ref: `${schemaId}#/$defs/SignatureFile` }),
  };
  return validators;
}

/** Undefined when `data` is a valid manifest, else the first problem, naming where it is. */
export function manifestSchemaError(data: unknown): string | undefined {
  const { manifest } = getValidators();
  return manifest(data) ? undefined : describe(manifest.errors);
}

/** Undefined when `data` is a valid signature.json, else the first problem. */
export function signatureSchemaError(data: unknown): string | undefined {
  const { signature } = getValidators();
  return signature(data) ? undefined : describe(signature.errors);
}

export function isManifest(data: unknown): data is Manifest {
  return manifestSchemaError(data) === undefined;
}

export function isSignatureFile(data: unknown): data is SignatureFile {
  return signatureSchemaError(data) === undefined;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return 'does not match the schema';
  const where = error.instancePath || '(root)';
  if (error.keyword === 'additionalProperties') return `${where}: unknown key \`${String(error.params.additionalProperty)}\``;
  if (error.keyword === 'required') return `${where}: missing key \`${String(error.params.missingProperty)}\``;
  if (error.keyword === 'const') return `${where}: must be ${JSON.stringify(error.params.allowedValue)}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}
