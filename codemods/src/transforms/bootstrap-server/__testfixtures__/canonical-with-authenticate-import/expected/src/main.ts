import { createEmitterServer, setDefaultEmitterServer } from '@unified-ws/emitter';
import { verifyToken } from './security/verify-token.js';
import { Server } from 'socket.io';

const socketServer = new Server(3000);
setDefaultEmitterServer(createEmitterServer({ io: socketServer, authenticate: verifyToken }));
socketServer.on('connection', (socket) => socket.emit('hello'));
