import { EventEmitter } from 'node:events';

/** A file about a task manager: "manager", "executor" and "handlers" appear, no legacy module does. */
export class TaskManager extends EventEmitter {
  readonly handlers = new Map<string, () => void>();
  executor(): string {
    return './manager';
  }
}
