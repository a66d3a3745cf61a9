/** Marker errors of the legacy factory, kept so `instanceof` checks and `catch` clauses still compile and match. */
export class FactoryInitializationError extends Error {
  constructor(message = 'WebSocket factory initialization failed') {
    super(message);
    this.name = 'FactoryInitializationError';
  }
}

export class WebSocketComponentError extends Error {
  constructor(message = 'WebSocket component error') {
    super(message);
    this.name = 'WebSocketComponentError';
  }
}
