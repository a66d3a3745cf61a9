import { Server } from 'socket.io';

const socketServer = new Server(3000);
socketServer.on('connection', (socket) => socket.emit('hello'));
