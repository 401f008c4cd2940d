import type { InvocationContext, Message, MessagesHandler } from './handlers';

/**
 * Runs a message handler on a batch, one call per message, concurrently. Returns the ids
 * of the messages that failed, so the target retries and dead-letters only those.
 */
export async function dispatchMessages(
  handler: MessagesHandler,
  batch: readonly Message[],
  context: InvocationContext,
): Promise<string[]> {
  const results = await Promise.allSettled(batch.map(async (message) => handler.run(message, context)));
  const failed: string[] = [];
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      failed.push(batch[index].id);
      console.error(
        `[anycloud] ${context.functionPath} message ${batch[index].id} (attempt ${batch[index].attempt}) failed:`,
        result.reason,
      );
    }
  });
  return failed;
}

/** Decodes a message body: JSON when it parses, the text itself otherwise. */
export function decodeBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
