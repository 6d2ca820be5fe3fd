import { act, render, renderHook, screen } from '@testing-library/react';
import { memo, Profiler, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PortalGate, PortalProvider, usePortalAccess, type PortalAccess, type PortalGateProps, type SectionPermissions } from '../../src';
import { createTestAccessToken } from '../../src/testing/createTestAccessToken';
import { flush } from './renderPortal';

const ready = (permissions: string[], orgCode = 'org_acme'): PortalAccess => ({ status: 'ready', orgCode, permissions });

function gate(access: PortalAccess, props: Omit<PortalGateProps, 'children'>, children: PortalGateProps['children'] = 'child') {
  return (
    <PortalProvider access={access} getAccessToken={async () => null}>
      <PortalGate loading="loading" fallback="fallback" {...props}>
        {children}
      </PortalGate>
    </PortalProvider>
  );
}

const shown = () => document.body.textContent;

describe('PortalGate', () => {
  it('while loading shows `loading`, never fallback or children', () => {
    render(gate({ status: 'loading' }, { permission: 'x' }));
    expect(shown()).toBe('loading');
  });

  it('shows nothing by default while loading', () => {
    render(
      <PortalProvider access={{ status: 'loading' }}>
        <PortalGate fallback="fallback">child</PortalGate>
      </PortalProvider>,
    );
    expect(shown()).toBe('');
  });

  it('signed out: fallback, even with no rule', () => {
    render(gate({ status: 'signed-out' }, {}));
    expect(shown()).toBe('fallback');
  });

  it('no rule admits any signed-in user', () => {
    render(gate(ready([]), {}));
    expect(shown()).toBe('child');
  });

  it.each([
    ['permission granted', { permission: 'org:write:billing' }, ['org:write:billing'], 'child'],
    ['permission missing', { permission: 'org:write:billing' }, ['org:read:billing'], 'fallback'],
    ['wildcard matches a deeper permission', { permission: 'org:write:*' }, ['org:write:members'], 'child'],
    ['wildcard never matches its bare prefix', { permission: 'org:write:*' }, ['org:write'], 'fallback'],
    ['anyOf with one', { anyOf: ['a', 'b'] }, ['b'], 'child'],
    ['anyOf with none', { anyOf: ['a', 'b'] }, ['c'], 'fallback'],
    ['allOf with all', { allOf: ['a', 'b'] }, ['a', 'b'], 'child'],
    ['allOf missing one', { allOf: ['a', 'b'] }, ['a'], 'fallback'],
    ['rules combine with AND', { permission: 'a', allOf: ['b'] }, ['a'], 'fallback'],
    ['section with its default rule met', { section: 'organization_members' }, ['org:write:members'], 'child'],
    ['section with its default rule unmet', { section: 'organization_payment_details' }, ['org:read:billing'], 'fallback'],
    ['plan details with read billing', { section: 'organization_plan_details' }, ['org:read:billing'], 'child'],
    ['a section without a rule', { section: 'profile' }, [], 'child'],
    ['an unknown future section', { section: 'organization_api_keys' }, [], 'child'],
    ['when returning true', { when: () => true }, [], 'child'],
    ['when returning a truthy non-true value', { when: (() => 'yes') as never }, [], 'fallback'],
    ['when throwing fails closed', { when: () => { throw new Error('bug'); } }, [], 'fallback'],
  ] as [string, Omit<PortalGateProps, 'children'>, string[], string][])('%s', (_name, props, permissions, expected) => {
    render(gate(ready(permissions), props));
    expect(shown()).toBe(expected);
  });

  it('sectionPermissions override the defaults', () => {
    render(
      <PortalProvider access={ready(['custom:members'])} sectionPermissions={{ organization_members: 'custom:members' }}>
        <PortalGate section="organization_members" fallback="fallback">
          child
        </PortalGate>
      </PortalProvider>,
    );
    expect(shown()).toBe('child');
  });

  it('a changed sectionPermissions reaches a gate that did not re-render (memoised subtree)', () => {
    const Gate = memo(() => (
      <PortalGate section="organization_members" fallback="fallback">
        child
      </PortalGate>
    ));
    const ui = (sections?: SectionPermissions) => (
      <PortalProvider access={ready(['custom:members'])} {...(sections ? { sectionPermissions: sections } : {})}>
        <Gate />
      </PortalProvider>
    );
    const view = render(ui());
    expect(shown()).toBe('fallback');
    view.rerender(ui({ organization_members: 'custom:members' }));
    expect(shown()).toBe('child');
  });

  it('render-function children never see permissions that are not strings', () => {
    render(gate(ready(['a', 7 as never]), {}, (access) => JSON.stringify(access.permissions)));
    expect(shown()).toBe('["a"]');
  });

  it('render-function children receive the access', () => {
    render(gate(ready(['a'], 'org_x'), {}, (access) => `${access.orgCode}:${access.permissions.join()}`));
    expect(shown()).toBe('org_x:a');
  });

  it('after an org switch it never shows the previous org’s answer', () => {
    const seen: string[] = [];
    const Probe = ({ children }: { children: ReactNode }) => {
      seen.push(String(children));
      return <>{children}</>;
    };
    const ui = (access: PortalAccess) => (
      <PortalProvider access={access}>
        <PortalGate permission="org:write:billing" loading={<Probe>loading</Probe>} fallback={<Probe>fallback</Probe>}>
          <Probe>billing</Probe>
        </PortalGate>
      </PortalProvider>
    );
    const { rerender } = render(ui(ready(['org:write:billing'], 'org_acme')));
    expect(shown()).toBe('billing');
    seen.length = 0;
    rerender(ui({ status: 'loading' }));
    rerender(ui(ready([], 'org_globex')));
    expect(shown()).toBe('fallback');
    expect(seen).not.toContain('billing');
  });

  it('decodes access from the token when none is passed', async () => {
    const token = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'] });
    render(
      <PortalProvider getAccessToken={async () => token}>
        <PortalGate permission="org:write:billing" loading="loading" fallback="fallback">
          child
        </PortalGate>
      </PortalProvider>,
    );
    expect(shown()).toBe('loading');
    await act(flush);
    expect(shown()).toBe('child');
  });

  it('a signed-out or throwing token getter leaves gates closed', async () => {
    for (const getAccessToken of [async () => null, async () => Promise.reject(new Error('x'))]) {
      const view = render(
        <PortalProvider getAccessToken={getAccessToken}>
          <PortalGate loading="loading" fallback="fallback">
            child
          </PortalGate>
        </PortalProvider>,
      );
      await act(flush);
      expect(shown()).toBe('fallback');
      view.unmount();
    }
  });

  it('re-renders only the gates whose answer changed, and none on an unrelated update', () => {
    const renders = new Map<string, number>();
    const count = (id: string) => () => renders.set(id, (renders.get(id) ?? 0) + 1);
    const items = ['org:write:billing', 'org:write:members', 'org:read:billing'];
    const Menu = () => (
      <>
        {items.map((permission) => (
          <PortalGate key={permission} permission={permission}>
            <Profiler id={permission} onRender={count(permission)}>
              <span>{permission}</span>
            </Profiler>
          </PortalGate>
        ))}
      </>
    );
    const menu = <Menu />;
    const ui = (access: PortalAccess, timeoutMs: number) => (
      <PortalProvider access={access} timeoutMs={timeoutMs}>
        {menu}
      </PortalProvider>
    );
    const { rerender } = render(ui(ready(['org:write:billing', 'org:read:billing']), 1000));
    renders.clear();
    rerender(ui(ready(['org:write:billing', 'org:read:billing']), 2000)); // unrelated
    expect(renders.size).toBe(0);
    rerender(ui(ready(['org:write:billing', 'org:read:billing', 'org:write:members']), 2000));
    expect([...renders.keys()]).toEqual(['org:write:members']);
  });
});

describe('usePortalAccess', () => {
  it('exposes status, org, permissions and can()', () => {
    const { result } = renderHook(() => usePortalAccess(), {
      wrapper: ({ children }) => <PortalProvider access={ready(['org:write:billing'], 'org_acme')}>{children}</PortalProvider>,
    });
    expect(result.current).toMatchObject({ status: 'ready', orgCode: 'org_acme', permissions: ['org:write:billing'] });
    expect(result.current.can('org:write:*')).toBe(true);
    expect(result.current.can({ allOf: ['org:write:billing', 'x'] })).toBe(false);
  });

  it('can() is false while loading or signed out', () => {
    for (const access of [{ status: 'loading' }, { status: 'signed-out' }] as PortalAccess[]) {
      const { result } = renderHook(() => usePortalAccess(), {
        wrapper: ({ children }) => <PortalProvider access={access}>{children}</PortalProvider>,
      });
      expect(result.current.can({})).toBe(false);
      expect(result.current.permissions).toEqual([]);
    }
  });

  it('outside a provider, says what to do', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => usePortalAccess())).toThrow('usePortalAccess must be used inside <PortalProvider>');
  });
});
