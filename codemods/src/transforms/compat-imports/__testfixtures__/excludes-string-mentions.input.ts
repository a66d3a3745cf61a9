// F16: detector tests keep paths and names in strings and regular expressions.
export const DEPRECATED = '../websocket-core/websocket-manager-factory';
export const pattern = /get_websocket_manager_factory\s*\(\s*\)|websocket-manager-factory\./;
export function warn(): string {
  return `import from ${DEPRECATED} is deprecated: use @unified-ws/emitter`;
}
