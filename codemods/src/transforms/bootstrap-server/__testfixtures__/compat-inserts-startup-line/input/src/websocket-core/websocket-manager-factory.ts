// The legacy module itself: it stays in the tree until nothing imports it.
export async function createWebSocketManager(options: { userId?: string }) {
  return { sendToUser: async (userId: string, message: object) => void [userId, message, options] };
}
