/** The error an aborted operation rejects with; never reported to the user. */
export function abortError(): Error {
  return new DOMException('Aborted', 'AbortError');
}

/**
 * True for the rejection of an aborted operation.
 *
 * @example
 * getUrl().catch((e) => { if (!isAbortError(e)) report(e) })
 */
export function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/**
 * Settles with `promise`, or rejects with an abort error as soon as `signal` aborts,
 * for callees (token getters, custom fetchers) that may ignore the signal. The
 * loser's later settlement is absorbed, so it never goes unhandled.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  });
}
