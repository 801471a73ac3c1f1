// JSON Schemas shared by several routes. Each is one object: the routes use it for validation
// and serialisation, and the OpenAPI document names it once under components (by identity).
// The contract's (src/contract/) are named here too; the rest move there step by step (issue 29).
import { PackageSummarySchema, PlanSchema } from '../../contract/packages.js';
import { problemSchema } from '../../contract/problems.js';
import { ServiceTokenSchema, UserSchema } from '../../contract/session.js';
import { RecordSchema } from '../../contract/data.js';
import { ChangeSchema, ClientOperationSchema, OperationResultSchema } from '../../contract/sync.js';
import { TrustedKeySchema } from '../../contract/trust.js';
import { PublicationSchema } from '../../contract/workspaces.js';

export { problemSchema };

/** Named in the OpenAPI document's components. */
export const namedSchemas: Record<string, object> = {
  Problem: problemSchema,
  User: UserSchema,
  PackageSummary: PackageSummarySchema,
  Plan: PlanSchema,
  Publication: PublicationSchema,
  TrustedKey: TrustedKeySchema,
  ServiceToken: ServiceTokenSchema,
  DataRecord: RecordSchema,
  ClientOperation: ClientOperationSchema,
  OperationResult: OperationResultSchema,
  Change: ChangeSchema,
};
