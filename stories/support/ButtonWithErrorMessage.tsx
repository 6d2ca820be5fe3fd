import { useState, type ReactNode } from 'react';
import { SelfServePortalButton, type PortalError, type SelfServePortalButtonProps } from '../../src';

/**
 * What an app might tell the user for each failure. An example, not library copy:
 * say it in your product's voice.
 */
export function describePortalError(error: PortalError): string {
  switch (error.code) {
    case 'unauthenticated':
      return 'You are signed out. Sign in again to manage your account.';
    case 'token_unavailable':
      return 'We could not confirm your session. Reload the page and try again.';
    case 'forbidden':
      return 'Your account is not allowed to open this page of the portal.';
    case 'rate_limited':
      return error.retryAfter === undefined
        ? 'Too many requests. Wait a moment and try again.'
        : `Too many requests. Try again in ${error.retryAfter} seconds.`;
    case 'http':
      return `The account service failed (HTTP ${error.status ?? '?'}). Try again.`;
    case 'network':
      return 'No connection to the account service. Check your network and try again.';
    case 'timeout':
      return 'The account service took too long to answer. Try again.';
    case 'invalid_return_url':
      return 'This page cannot be used as the return address, so no link was requested.';
    case 'invalid_response':
      return 'The account service sent an answer we do not trust, so we did not follow it.';
    case 'popup_blocked':
      return 'Your browser blocked the new tab. Allow pop-ups for this site and try again.';
  }
}

/**
 * The button plus the message an app shows from `onError`: an alert region that
 * exists before it has content, so screen readers announce the failure.
 */
export function ButtonWithErrorMessage({ onError, onClick, ...props }: SelfServePortalButtonProps): ReactNode {
  const [error, setError] = useState<PortalError | null>(null);
  return (
    <>
      <SelfServePortalButton
        {...props}
        onClick={(event) => {
          setError(null);
          onClick?.(event);
        }}
        onError={(failure) => {
          setError(failure);
          onError?.(failure);
        }}
      />
      <p role="alert" className="story-alert">
        {error ? `${describePortalError(error)} (${error.code}${error.retryable ? ', retryable' : ''})` : null}
      </p>
    </>
  );
}
