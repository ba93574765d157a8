/** Polls `check` until it returns something truthy (at most `timeoutMs`), and returns that. */
export async function until<T>(
  check: () => Promise<T>,
  timeoutMs = 20_000,
  what = 'the condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
