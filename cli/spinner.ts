import { createSpinner } from 'nanospinner';

/**
 * Runs `work` behind a spinner that only appears when the step takes over a second
 * (and only on a terminal), so fast steps print nothing.
 */
export async function withSpinner<T>(text: string, work: () => Promise<T> | T): Promise<T> {
  const tty = process.stderr.isTTY === true;
  let spinner: ReturnType<typeof createSpinner> | undefined;
  const timer = tty
    ? setTimeout(() => (spinner = createSpinner(text, { stream: process.stderr }).start()), 1000)
    : undefined;
  try {
    const result = await work();
    spinner?.success({ text });
    return result;
  } catch (error) {
    spinner?.error({ text });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
