import { forwardRef, type ButtonHTMLAttributes, type FocusEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
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
  { subNav, returnUrl, target, prefetch, maxAgeMs, onError, asChild = false, children, onClick, onPointerEnter, onFocus, ...rest },
  ref,
) {
  const link = usePortalLink({ subNav, returnUrl, target, prefetch, maxAgeMs, onError });
  const busy = link.status === 'pending' || link.status === 'redirecting';

  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event);
    const cancelled = event.defaultPrevented;
    // An asChild link must not follow its own href: the portal link replaces it.
    if (asChild) event.preventDefault();
    if (cancelled || busy) return;
    void link.open();
  };

  const Component = asChild ? Slot : 'button';
  return (
    <Component
      {...(asChild ? {} : { type: 'button' as const })}
      {...rest}
      ref={ref as never}
      aria-busy={busy || undefined}
      aria-disabled={busy || rest['aria-disabled'] || undefined}
      data-state={link.status}
      onClick={handleClick}
      onPointerEnter={(event: PointerEvent<HTMLButtonElement>) => {
        onPointerEnter?.(event);
        link.intentProps.onPointerEnter();
      }}
      onFocus={(event: FocusEvent<HTMLButtonElement>) => {
        onFocus?.(event);
        link.intentProps.onFocus();
      }}
    >
      {typeof children === 'function' ? children({ status: link.status, error: link.error }) : children}
    </Component>
  );
});
