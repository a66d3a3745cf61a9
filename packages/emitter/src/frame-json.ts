/**
 * The JSON of an envelope frame's packet data (`['agent_events', [...]]`), made once per
 * frame. On a node with a cluster adapter, a broadcast is serialized for the other nodes
 * (the adapter's stream entry) and then for this node's own sockets: both take it from here.
 * Keyed by the data array itself, with its length, since socket.io may append to it (the
 * connection-state-recovery offset) between the two.
 */
const cache = new WeakMap<readonly unknown[], { length: number; json: string }>();

export function frameJson(data: readonly unknown[]): string {
  const cached = cache.get(data);
  if (cached && cached.length === data.length) return cached.json;
  const json = JSON.stringify(data);
  cache.set(data, { length: data.length, json });
  return json;
}
