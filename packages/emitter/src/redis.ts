/**
 * `@unified-ws/emitter/redis`: the cluster store. A separate entry point so that `ioredis`
 * and `@socket.io/redis-streams-adapter` stay optional peers of the main one.
 */
export { redisStore } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store.js';
