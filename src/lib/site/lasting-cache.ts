/**
 * Caches that outlive the module that made them. Under `astro dev`, saving a
 * paper file makes Vite evaluate src/content.ts again (the content layer's
 * data module changed, and every module that imports it goes with it), so a
 * module-level memo starts empty after every save. What is kept here, on
 * globalThis, survives that, and is keyed by what it was computed from (an
 * entry's digest, a file's text), so a changed input is computed again and an
 * unchanged one is not: the per-save cost follows what changed, not the list.
 */

/** A Map shared by every evaluation of every module in this process that asks for the same name. */
export function lastingMap<K, V>(name: string): Map<K, V> {
  const key = Symbol.for(`reading-list.lasting.${name}`);
  const shared = globalThis as typeof globalThis & { [key: symbol]: Map<K, V> | undefined };
  let map = shared[key];
  if (!map) {
    map = new Map<K, V>();
    shared[key] = map;
  }
  return map;
}

/**
 * The value computed from `key` for `id`: the kept one when it was computed from an equal key, else `compute()`,
 * kept in its place. One value per id: an id whose input changed replaces its old value.
 */
export function keyedValue<V>(
  cache: Map<string, { key: string; value: V }>,
  id: string,
  key: string,
  compute: () => V,
): V {
  const kept = cache.get(id);
  if (kept && kept.key === key) return kept.value;
  const value = compute();
  cache.set(id, { key, value });
  return value;
}

/** Drops the values of ids that are no longer there (a paper file deleted or renamed). */
export function keepOnly<V>(cache: Map<string, V>, ids: ReadonlySet<string>): void {
  for (const id of cache.keys()) if (!ids.has(id)) cache.delete(id);
}
