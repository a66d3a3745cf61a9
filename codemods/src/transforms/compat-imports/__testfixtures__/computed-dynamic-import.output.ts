// F15: modules loaded by a path taken from a table (a detector test)
const LEGACY = [['../websocket-core/websocket-manager-factory.js', 'createWebSocketManager']] as const;

export async function probe(): Promise<string[]> {
  const found: string[] = [];
  for (const [modulePath, name] of LEGACY) {
    // @unified-ws-migrate-todo(dynamic-import-computed): computed import() path may load a legacy module; point it at @unified-ws/legacy-compat/<entry> or @unified-ws/emitter (docs/legacy-map.md)
    const loaded = (await import(modulePath)) as Record<string, unknown>;
    if (name in loaded) found.push(name);
  }
  return found;
}
