// Reading business records: the caller's query, narrowed to what their roles let them see.
import type { Catalog } from '../../model/types.js';
import { readCondition } from '../domain/access.js';
import { entityOf } from '../domain/catalog.js';
import { and } from '../domain/conditions.js';
import { buildRecordQuery, encodeCursor, QueryError, type QueryParameters } from '../domain/query.js';
import { variableScope, type User } from '../domain/users.js';
import type { Store } from '../store/types.js';
import { ServiceError } from './errors.js';

export class DataService {
  constructor(private readonly store: Store, private readonly catalog: Catalog, private readonly clock: () => Date) {}

  /** The page as JSON text: records are stored as the JSON clients get, so they are not re-encoded. */
  async query(user: User, entityName: string, params: QueryParameters): Promise<string> {
    const now = this.clock();
    const access = this.access(user, entityName, now);
    const entity = entityOf(this.catalog, entityName)!;
    let query;
    try {
      query = buildRecordQuery(entityName, entity, params, variableScope(user, now));
    } catch (error) {
      if (error instanceof QueryError) throw new ServiceError('invalid-request', 'Invalid query', error.message, { errors: error.problems });
      throw error;
    }
    // The caller's own conditions first: usually the most selective, so SQLite stops early per row.
    const rows = await this.store.queryRecords({ ...query, where: and(query.where, access) });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor([...last.sortValues, last.key]) : null;
    return `{"items":[${page.map((row) => row.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  async get(user: User, entityName: string, key: string): Promise<string> {
    const access = this.access(user, entityName, this.clock());
    const json = await this.store.getRecord(entityName, key, access);
    if (json === undefined) throw new ServiceError('not-found', 'No such record', `${entityName} ${key} does not exist, or your roles do not let you see it.`);
    return json;
  }

  private access(user: User, entityName: string, now: Date) {
    if (!entityOf(this.catalog, entityName)) {
      throw new ServiceError('not-found', 'No such entity', `This environment has no entity ${entityName}; GET /api/v1/entities lists them.`);
    }
    const condition = readCondition(entityName, user, now);
    if (!condition) throw new ServiceError('forbidden', 'Not allowed', `Your roles (${user.roles.join(', ') || 'none'}) give no access to ${entityName}.`);
    return condition;
  }
}
