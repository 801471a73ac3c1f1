// The filter evaluator behind ctx.query (and the app's local store): operators, variables,
// sorting and limits over plain records.
import { describe, expect, it } from 'vitest';
import { FilterError, matchesFilter, queryRecords, resolveFilter, type VariableScope } from '../../src/logic/query.js';
import type { Filter } from '../../src/model/types.js';

const records = [
  { number: 'ER-1', owner: 'anna', status: 'Draft', total: 120, purpose: 'Customer visit Lyon', submittedAt: null, date: '2025-03-10' },
  { number: 'ER-2', owner: 'anna', status: 'Submitted', total: 80.5, purpose: 'Trade fair', submittedAt: '2025-03-12T09:00:00Z', date: '2025-03-12' },
  { number: 'ER-3', owner: 'ben', status: 'Approved', total: 300, purpose: 'Lyon again', submittedAt: '2025-03-01T10:00:00Z', date: '2025-02-28' },
];
const scope: VariableScope = { user: { id: 'anna', attributes: { costCentre: 'CC-1' } }, today: '2025-03-12', record: { number: 'ER-2', owner: 'ben' } };

function numbers(filter: Filter, options = {}): string[] {
  return queryRecords(records, filter, options, scope).map((r) => r.number as string);
}

describe('queryRecords', () => {
  it.each<[string, Filter, string[]]>([
    ['equals', { status: 'Draft' }, ['ER-1']],
    ['eq / ne', { status: { ne: 'Draft' }, owner: { eq: 'anna' } }, ['ER-2']],
    ['lt / gte on numbers', { total: { lt: 300, gte: 80.5 } }, ['ER-1', 'ER-2']],
    ['gt on dates as text', { date: { gt: '2025-03-01' } }, ['ER-1', 'ER-2']],
    ['in', { status: { in: ['Draft', 'Approved'] } }, ['ER-1', 'ER-3']],
    ['contains, ignoring case', { purpose: { contains: 'lyon' } }, ['ER-1', 'ER-3']],
    ['null equals a missing value', { submittedAt: null }, ['ER-1']],
    ['no order between a number and text', { total: { gt: '100' } }, []],
    ['$user', { owner: '$user' }, ['ER-1', 'ER-2']],
    ['$today on a datetime', { submittedAt: { lt: '$today' } }, ['ER-3']],
    ['$record.<field>', { owner: '$record.owner' }, ['ER-3']],
    ['no conditions', {}, ['ER-1', 'ER-2', 'ER-3']],
  ])('%s', (_, filter, expected) => {
    expect(numbers(filter)).toEqual(expected);
  });

  it('sorts by several keys, empty values last, and limits', () => {
    expect(numbers({}, { sort: [{ field: 'owner', order: 'desc' }, { field: 'total' }] })).toEqual(['ER-3', 'ER-2', 'ER-1']);
    expect(numbers({}, { sort: [{ field: 'submittedAt', order: 'desc' }] })).toEqual(['ER-2', 'ER-3', 'ER-1']);
    expect(numbers({}, { sort: [{ field: 'submittedAt' }], limit: 2 })).toEqual(['ER-3', 'ER-2']);
  });
});

describe('resolveFilter', () => {
  it('replaces variables, including $user.<attribute> and in-lists', () => {
    expect(resolveFilter({ costCentre: '$user.costCentre', owner: { in: ['$user', 'ben'] }, missing: '$user.nothing' }, scope)).toEqual({
      costCentre: 'CC-1',
      owner: { in: ['anna', 'ben'] },
      missing: null,
    });
  });

  it('reads `$$` as the start of a literal `$`', () => {
    expect(resolveFilter({ code: '$$user', tags: { in: ['$$5 off', 'plain'] } }, scope)).toEqual({ code: '$user', tags: { in: ['$5 off', 'plain'] } });
    expect(matchesFilter({ code: '$user' }, resolveFilter({ code: '$$user' }, scope))).toBe(true);
  });

  it.each([
    [{ owner: '$me' }, 'Unknown variable $me'],
    [{ total: { above: 1 } }, 'Unknown filter operator `above` on `total`'],
  ])('refuses %j', (filter, message) => {
    expect(() => resolveFilter(filter as Filter, scope)).toThrow(FilterError);
    expect(() => resolveFilter(filter as Filter, scope)).toThrow(message);
  });

  it('refuses $record where there is no record', () => {
    expect(() => resolveFilter({ owner: '$record.owner' }, { ...scope, record: undefined })).toThrow('$record.owner has no record here');
  });
});

it('matchesFilter takes every condition of a key (AND)', () => {
  expect(matchesFilter(records[0]!, { total: { gt: 100, lt: 200 } })).toBe(true);
  expect(matchesFilter(records[0]!, { total: { gt: 100, lt: 110 } })).toBe(false);
});
