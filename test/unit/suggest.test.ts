import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../src/text/suggest.js';

describe('suggestions', () => {
  it('counts edits, with a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('finds plausible typos only', () => {
    expect(closestMatch('titel', ['title', 'version'])).toBe('title');
    expect(closestMatch('ordr', ['order', 'field'])).toBe('order');
    expect(closestMatch('LIST', ['list', 'details'])).toBe('list');
    expect(closestMatch('zzzz', ['list', 'details'])).toBeUndefined();
    // A word left out is nearer than a word changed, even with more letters apart.
    expect(closestMatch('add-line', ['edit-line', 'add-order-line'])).toBe('add-order-line');
    expect(closestMatch('newReport', ['newExpenseReport', 'newRepo'])).toBe('newExpenseReport');
    expect(closestMatch('line', ['add-order-line', 'lines'])).toBe('lines');
  });

  it('lists a few names when none is close', () => {
    expect(didYouMean('xyz', ['a', 'b'], 'pages')).toBe('Known pages: `a`, `b`.');
    expect(didYouMean('ordr', ['order'])).toBe('Did you mean `order`?');
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
