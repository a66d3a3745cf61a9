import { Server } from 'socket.io';

export const server = new Server();
