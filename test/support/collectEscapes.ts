import { afterEach, beforeEach } from 'vitest';

/**
 * Records, per test, every rejection nobody handled and every error thrown where no
 * caller could catch it (a timer, a microtask). A failure must reach `onError`, never
 * escape like this.
 */
export function collectEscapes(): { unhandled: unknown[]; uncaught: unknown[] } {
  const escapes = { unhandled: [] as unknown[], uncaught: [] as unknown[] };
  const onUnhandled = (reason: unknown) => escapes.unhandled.push(reason);
  const onUncaught = (error: unknown) => escapes.uncaught.push(error);
  beforeEach(() => {
    escapes.unhandled.length = 0;
    escapes.uncaught.length = 0;
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
  });
  return escapes;
}
