/** Drops the oldest entries (insertion order) of a Map until it holds at most `limit`. */
export function evictOldest<K, V>(map: Map<K, V>, limit: number): number {
  let evicted = 0;
  for (const key of map.keys()) {
    if (map.size <= limit) break;
    map.delete(key);
    evicted++;
  }
  return evicted;
}
