import type { Socket } from 'socket.io';

type EngineConnection = Socket['conn'];

/**
 * Watches the bytes one connection has not yet handed to the kernel: packets waiting in
 * engine.io's write buffer (they pile up while the transport is busy) plus the WebSocket's
 * own `bufferedAmount`. Both only grow when the client reads slower than we write, so a
 * budget on their sum bounds the memory a slow consumer can hold, wherever (which node, which
 * adapter) its packets come from. Returns a function that stops watching.
 */
export function watchOutboundBudget(
  conn: EngineConnection,
  maxBytes: number,
  onOverflow: (bufferedBytes: number) => void,
): () => void {
  let queued = 0;
  let overflowed = false;
  const onPacket = (packet: { data?: unknown }) => {
    // The backlog is measured before this packet joins it: one large frame (a long replay)
    // to a client that keeps up is fine; a client still sitting on more than the budget when
    // the next packet comes is not keeping up. A writable transport with nothing queued has
    // written out everything it was handed (it turns writable on the last write's callback),
    // so the WebSocket buffer is only read while a backlog can exist: a client that keeps up
    // costs this watcher no lookup per packet, which a token stream (a packet per event) pays.
    if ((queued !== 0 || !conn.transport.writable) && !overflowed) {
      const backlog = queued + transportBufferedBytes(conn);
      if (backlog > maxBytes) {
        overflowed = true;
        onOverflow(backlog);
      }
    }
    const { data } = packet;
    if (typeof data === 'string') queued += data.length;
    else if (data instanceof Uint8Array) queued += data.byteLength;
  };
  // The write buffer is handed to the transport as a whole: its bytes now count in bufferedAmount.
  const onFlush = () => {
    queued = 0;
  };
  conn.on('packetCreate', onPacket);
  conn.on('flush', onFlush);
  return () => {
    conn.off('packetCreate', onPacket);
    conn.off('flush', onFlush);
  };
}

/**
 * Drops a connection at once, discarding what it has not read: a graceful close would first
 * wait for the very backlog we are cutting. The client sees a transport close, reconnects
 * and resumes its runs.
 */
export function dropConnection(conn: EngineConnection): void {
  const ws = websocketOf(conn);
  if (ws) ws.terminate();
  else conn.close(true);
}

interface RawWebSocket {
  bufferedAmount: number;
  terminate(): void;
}

function websocketOf(conn: EngineConnection): RawWebSocket | undefined {
  const raw = (conn.transport as { socket?: Partial<RawWebSocket> } | undefined)?.socket;
  return raw && typeof raw.terminate === 'function' && typeof raw.bufferedAmount === 'number'
    ? (raw as RawWebSocket)
    : undefined;
}

function transportBufferedBytes(conn: EngineConnection): number {
  return websocketOf(conn)?.bufferedAmount ?? 0;
}
