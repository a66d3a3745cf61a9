import '../websocket-core/websocket-manager-factory.js';

export const loaded = true;
