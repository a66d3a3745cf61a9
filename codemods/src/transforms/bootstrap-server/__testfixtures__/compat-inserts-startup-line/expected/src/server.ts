import { createEmitterServer, setDefaultEmitterServer } from '@unified-ws/emitter';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { authenticateHandshake } from './auth.js';

export function start(port: number) {
  const httpServer = createServer();
  const io = new Server(httpServer, { cors: { origin: '*' } });
  setDefaultEmitterServer(createEmitterServer({ io, authenticate: authenticateHandshake }));
  io.use(authenticateHandshake);
  httpServer.listen(port, '127.0.0.1');
  return io;
}
