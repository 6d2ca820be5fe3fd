import { act, render, renderHook, type RenderResult } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { vi } from 'vitest';
import { PortalProvider, usePortalLink, type PortalProviderProps } from '../../src';
import { createTestAccessToken } from '../../src/testing/createTestAccessToken';

export const TOKEN = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing', 'org:write:members'] });

/** Renders UI inside a provider whose navigation is a spy; returns both. */
export function renderPortal(
  ui: ReactNode,
  props: Partial<PortalProviderProps> = {},
  { strict = false }: { strict?: boolean } = {},
): RenderResult & { navigate: ReturnType<typeof vi.fn>; rerenderPortal: (ui: ReactNode, props?: Partial<PortalProviderProps>) => void } {
  const navigate = vi.fn<(url: string) => void>();
  const wrap = (node: ReactNode, extra: Partial<PortalProviderProps>) => {
    const tree = (
      <PortalProvider getAccessToken={async () => TOKEN} navigate={navigate} {...props} {...extra}>
        {node}
      </PortalProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  const result = render(wrap(ui, {}));
  return { ...result, navigate, rerenderPortal: (node, extra = {}) => result.rerender(wrap(node, extra)) };
}

/** A `renderHook` wrapper: a provider with the test token and navigation that goes nowhere. */
export function portalWrapper(props: Partial<PortalProviderProps> = {}) {
  return ({ children }: { children: ReactNode }) => (
    <PortalProvider getAccessToken={async () => TOKEN} navigate={() => {}} {...props}>
      {children}
    </PortalProvider>
  );
}

/** One `open()` through `usePortalLink` in a test-token provider; returns the navigation and onError spies. */
export async function openOnce() {
  const navigate = vi.fn<(url: string) => void>();
  const onError = vi.fn();
  const { result } = renderHook(() => usePortalLink({ onError }), { wrapper: portalWrapper({ navigate }) });
  await act(() => result.current.open());
  return { navigate, onError };
}

/** Lets pending promises and msw's async handlers run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
