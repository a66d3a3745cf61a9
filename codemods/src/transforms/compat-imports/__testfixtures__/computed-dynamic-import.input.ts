// F15: modules loaded by a path taken from a table (a detector test)
const LEGACY = [['../websocket-core/websocket-manager-factory.js', 'createWebSocketManager']] as const;

export async function probe(): Promise<string[]> {
  const found: string[] = [];
  for (const [modulePath, name] of LEGACY) {
    const loaded = (await import(modulePath)) as Record<string, unknown>;
    if (name in loaded) found.push(name);
  }
  return found;
}
