// A class of its own with the same method names, and the package-index look-alike: untouched.
// @ts-expect-error the look-alike module is not part of these fixtures
import { createWebSocketManager } from '../websocket-core';

class Mailbox {
  async sendToUser(userId: string, message: { type: string }): Promise<void> {
    console.log(userId, message.type);
  }
}

export async function local(userId: string): Promise<void> {
  const mailbox = new Mailbox();
  await mailbox.sendToUser(userId, { type: 'hello' });
  const lookAlike = await createWebSocketManager({ userId });
  await lookAlike.sendToUser(userId, { type: 'hello' });
}
