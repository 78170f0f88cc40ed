// Caches that outlive a module's evaluation (src/content.ts under astro dev): one map per name for the process,
// a value per id kept while its key is the same, and ids no longer there dropped.
import { describe, expect, it } from 'vitest';
import { keepOnly, keyedValue, lastingMap } from '../../src/lib/site/lasting-cache.ts';

describe('lasting caches', () => {
  it('gives every caller of a name the same map, and another name another map', () => {
    const a = lastingMap<string, number>('test-a');
    a.set('x', 1);
    expect(lastingMap<string, number>('test-a').get('x')).toBe(1);
    expect(lastingMap<string, number>('test-b').has('x')).toBe(false);
  });

  it('computes a value again only when its key changed, and drops ids no longer there', () => {
    const cache = lastingMap<string, { key: string; value: string }>('test-keyed');
    let computed = 0;
    const value = (id: string, key: string) =>
      keyedValue(cache, id, key, () => {
        computed++;
        return `${id}@${key}`;
      });
    expect(value('p1', 'digest-1')).toBe('p1@digest-1');
    expect(value('p1', 'digest-1')).toBe('p1@digest-1');
    expect(computed).toBe(1);
    expect(value('p1', 'digest-2')).toBe('p1@digest-2');
    expect(value('p2', 'digest-1')).toBe('p2@digest-1');
    expect(computed).toBe(3);
    keepOnly(cache, new Set(['p2']));
    expect([...cache.keys()]).toEqual(['p2']);
    expect(value('p1', 'digest-2')).toBe('p1@digest-2');
    expect(computed).toBe(4);
  });
});
