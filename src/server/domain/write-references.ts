// What a write may see and refer to: live records, the ones the writing user may read (through
// their parents too, where the rules say so) and the environment's users. checkValue is pure and
// synchronous, so the answers it will ask for are fetched before it runs.
import type { DataRecord } from '../../logic/api.js';
import type { RulesByEntity } from '../../model/rule-types.js';
import type { CatalogField } from '../../model/types.js';
import { readCondition } from './access.js';
import { ParentRecords } from './parent-lookup.js';
import type { RecordAccess, StoredRecord } from './record-access.js';
import type { User } from './users.js';
import type { ReferenceCheck } from './write-checks.js';

export class WriterView {
  constructor(
    private readonly access: RecordAccess,
    private readonly rules: RulesByEntity,
    private readonly user: User,
    private readonly now: Date,
  ) {}

  async exists(entity: string, key: string): Promise<boolean> {
    const stored = await this.access.get(entity, key);
    return stored !== undefined && !stored.deleted;
  }

  /** The live record if the user may see it; undefined reads the same whether it is absent or hidden. */
  async visibleRecord(entity: string, key: string): Promise<StoredRecord | undefined> {
    const stored = await this.access.get(entity, key);
    const condition = readCondition(this.rules, entity, this.user, this.now);
    if (stored === undefined || stored.deleted || condition === undefined) return undefined;
    const parents = new ParentRecords((e, keys) => this.access.getMany(e, keys));
    return (await parents.matches(stored.data, condition)) ? stored : undefined;
  }

  /**
   * What checkValue will ask about the references and users among `fields`, answered up front.
   * References the client wrote (`isSupplied`) must be records the user may read; the
   * environment's own may be any live record.
   */
  async referenceChecks(
    definitions: Readonly<Record<string, CatalogField>>,
    values: Readonly<DataRecord>,
    fields: readonly string[],
    isSupplied: (field: string) => boolean,
  ): Promise<(field: string) => ReferenceCheck> {
    const valid = new Set<string>();
    for (const field of fields) {
      const definition = Object.hasOwn(definitions, field) ? definitions[field] : undefined;
      const value = values[field];
      if (definition && typeof value === 'string' && (await this.isValid(definition, value, isSupplied(field)))) valid.add(field);
    }
    return (field) => ({ isReferable: () => valid.has(field), isUser: () => valid.has(field) });
  }

  private async isValid(definition: CatalogField, value: string, isSupplied: boolean): Promise<boolean> {
    if (definition.type === 'user') return this.access.isUser(value);
    if (definition.type !== 'reference') return false;
    return isSupplied ? (await this.visibleRecord(definition.entity!, value)) !== undefined : this.exists(definition.entity!, value);
  }
}
