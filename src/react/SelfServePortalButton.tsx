import { forwardRef, type ButtonHTMLAttributes, type ReactNode, type SyntheticEvent } from 'react';
import type { PortalError } from '../core/PortalError';
import type { PortalLinkStatus } from './PortalLinkState';
import { Slot } from './Slot';
import { usePortalLink, type UsePortalLinkOptions } from './usePortalLink';

export interface SelfServePortalButtonRenderProps {
  status: PortalLinkStatus;
  error: PortalError | null;
}

export interface SelfServePortalButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'onError'>,
    UsePortalLinkOptions {
  /** Render the single child element (e.g. an `<a>` or a router link) instead of a `<button>`. */
  asChild?: boolean;
  children?: ReactNode | ((state: SelfServePortalButtonRenderProps) => ReactNode);
}

/**
 * A button that takes the user to a portal section: one click, one one-time link.
 * Busy (`aria-busy`, `aria-disabled`, `data-state="pending"`) until the browser leaves.
 *
 * @example
 * <SelfServePortalButton subNav="organization_members" onError={toast}>Members</SelfServePortalButton>
 */
export const SelfServePortalButton = /* @__PURE__ */ forwardRef<HTMLButtonElement, SelfServePortalButtonProps>(function SelfServePortalButton(
  { subNav, returnUrl, target, prefetch, maxAgeMs, onError, asChild, children, onClick, onPointerEnter, onFocus, ...rest },
  ref,
) {
  const { status, error, open, intentProps } = usePortalLink({ subNav, returnUrl, target, prefetch, maxAgeMs, onError });
  const busy = status === 'pending' || status === 'redirecting';
  // The app's handler runs first; the intent prefetch runs regardless.
  const withIntent =
    <E extends SyntheticEvent<HTMLButtonElement>,>(theirs: ((event: E) => void) | undefined, prefetchLink: () => void) =>
    (event: E) => {
      theirs?.(event);
      prefetchLink();
    };
  const Component = asChild ? Slot : 'button';
  return (
    <Component
      type={asChild ? undefined : 'button'}
      {...rest}
      ref={ref as never}
      aria-busy={busy || undefined}
      aria-disabled={busy || rest['aria-disabled'] || undefined}
      data-state={status}
      onClick={(event) => {
        onClick?.(event as never);
        const cancelled = event.defaultPrevented;
        // An asChild link must not follow its own href: the portal link replaces it.
        if (asChild) event.preventDefault();
        // While busy, open() joins the operation in flight: no second request.
        if (!cancelled) void open();
      }}
      onPointerEnter={withIntent(onPointerEnter, intentProps.onPointerEnter)}
      onFocus={withIntent(onFocus, intentProps.onFocus)}
    >
      {typeof children === 'function' ? children({ status, error }) : children}
    </Component>
  );
});
