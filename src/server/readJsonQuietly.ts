// Internal: not part of the /server entry.
import { isPortalError, PortalError } from '../core/PortalError';
import { readJsonObject } from '../core/responseErrors';

/**
 * `readJsonObject` without the `cause`: a `JSON.parse` SyntaxError quotes the start of
 * the body it choked on, and these bodies carry access tokens and one-time links.
 */
export async function readJsonQuietly(response: Response, what: string): Promise<Record<string, unknown>> {
  try {
    return await readJsonObject(response, what);
  } catch (error) {
    if (!isPortalError(error)) throw new PortalError('invalid_response', `${what} sent a body that could not be read.`);
    throw new PortalError(error.code, error.message, error.status === undefined ? {} : { status: error.status });
  }
}
