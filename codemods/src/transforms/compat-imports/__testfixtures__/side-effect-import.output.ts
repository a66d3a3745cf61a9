import '@unified-ws/legacy-compat/websocket-manager-factory';

export const loaded = true;
