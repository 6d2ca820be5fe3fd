/** The error an aborted operation rejects with; never reported to the user. */
export function abortError(): Error {
  // DOMException is global in browsers and Node 17+; the name is what callers test.
  return typeof DOMException === 'function'
    ? new DOMException('The portal link request was aborted.', 'AbortError')
    : Object.assign(new Error('The portal link request was aborted.'), { name: 'AbortError' });
}

/**
 * True for the rejection of an aborted operation.
 *
 * @example
 * getUrl().catch((e) => { if (!isAbortError(e)) report(e) })
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Settles with `promise`, or rejects with an abort error as soon as `signal` aborts,
 * for callees (token getters, custom fetchers) that may ignore the signal.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // the loser's rejection is expected and must not surface
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
