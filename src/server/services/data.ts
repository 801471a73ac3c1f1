// Reading business records: the caller's query, narrowed to what their roles let them see.
import type { CompiledModel } from '../../model/data-model.js';
import { readCondition } from '../domain/access.js';
import { entityOf } from '../domain/catalog.js';
import { and } from '../domain/conditions.js';
import type { DataQuery } from '../../contract/data.js';
import { buildRecordQuery, encodeCursor, QueryError, type RecordQuery } from '../domain/query.js';
import { isoDate, variableScope, type User } from '../domain/users.js';
import type { Store } from '../store/types.js';
import { ServiceError } from './errors.js';

const maxPlansPerUser = 200;

export class DataService {
  /**
   * Checked queries per user object and request: an app asks for the same pages again and again.
   * The session cache hands out a fresh user object when it reloads one, which drops its plans.
   */
  private readonly plans = new WeakMap<User, Map<string, RecordQuery>>();

  constructor(
    private readonly store: Store,
    private readonly model: CompiledModel,
    private readonly clock: () => Date,
  ) {}

  /** The page as JSON text: records are stored as the JSON clients get, so they are not re-encoded. */
  async query(user: User, entityName: string, params: DataQuery): Promise<string> {
    const query = this.plan(user, entityName, params);
    const rows = await this.store.queryRecords(query);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor([...last.sortValues, last.key]) : null;
    return `{"items":[${page.map((row) => row.json).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
  }

  private plan(user: User, entityName: string, params: DataQuery): RecordQuery {
    const now = this.clock();
    const key = [isoDate(now), entityName, params.filter, params.sort, params.search, params.searchFields, params.limit, params.cursor].join('\u0000');
    let userPlans = this.plans.get(user);
    const known = userPlans?.get(key);
    if (known) return known;
    const access = this.access(user, entityName, now);
    let query: RecordQuery;
    try {
      query = buildRecordQuery(entityName, entityOf(this.model.catalog, entityName)!, params, variableScope(user, now));
    } catch (error) {
      if (error instanceof QueryError) throw new ServiceError('invalid-request', 'Invalid query', error.message, { errors: error.problems });
      throw error;
    }
    // The caller's own conditions first: usually the most selective, so SQLite stops early per row.
    const plan = { ...query, where: and(query.where, access) };
    if (!userPlans || userPlans.size >= maxPlansPerUser) this.plans.set(user, (userPlans = new Map()));
    userPlans.set(key, plan);
    return plan;
  }

  async get(user: User, entityName: string, key: string): Promise<string> {
    const access = this.access(user, entityName, this.clock());
    const json = await this.store.getRecord(entityName, key, access);
    if (json === undefined) throw new ServiceError('not-found', 'No such record', `${entityName} ${key} does not exist, or your roles do not let you see it.`);
    return json;
  }

  private access(user: User, entityName: string, now: Date) {
    if (!entityOf(this.model.catalog, entityName)) {
      throw new ServiceError('not-found', 'No such entity', `This environment has no entity ${entityName}; GET /api/v1/entities lists them.`);
    }
    const condition = readCondition(this.model.rules, entityName, user, now);
    if (!condition) throw new ServiceError('forbidden', 'Not allowed', `Your roles (${user.roles.join(', ') || 'none'}) give no access to ${entityName}.`);
    return condition;
  }
}
