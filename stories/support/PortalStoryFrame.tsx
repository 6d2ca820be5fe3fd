import { useCallback, useState, type ReactNode } from 'react';
import { TestPortalProvider, type TestPortalProviderProps } from '../../src/testing';
import { useFakeTabs } from './fakeTabs';

/** Provider settings a story can pass through `parameters.portal`. */
export type PortalStoryParameters = Omit<TestPortalProviderProps, 'children'>;

/** The frame's idea of where the button sent the user; never settles, so the button stays `redirecting`. */
const stay = new Promise<void>(() => {});

/**
 * A `TestPortalProvider` whose navigation is replaced by a visible "would go to …"
 * panel (and whose new tabs, if a story fakes `window.open`, are listed), so no story
 * ever leaves Storybook for the made-up `TEST_DOMAIN`.
 */
export function PortalStoryFrame({ children, ...props }: PortalStoryParameters & { children?: ReactNode }): ReactNode {
  const [destination, setDestination] = useState<string | null>(null);
  const navigate = useCallback((url: string) => {
    setDestination(url);
    return stay;
  }, []);
  return (
    <TestPortalProvider navigate={navigate} {...props}>
      <div className="story-stage">{children}</div>
      <aside className="story-output" aria-label="Story output">
        <p role="status" aria-label="Navigation" className="story-navigation">
          {destination ? (
            <>
              Would go to <code>{destination}</code>
            </>
          ) : (
            'No navigation yet.'
          )}
        </p>
        <FakeTabList />
      </aside>
    </TestPortalProvider>
  );
}

function FakeTabList(): ReactNode {
  const tabs = useFakeTabs();
  if (tabs.length === 0) return null;
  return (
    <ul aria-label="New tabs" className="story-tabs">
      {tabs.map((tab) => (
        <li key={tab.id}>
          {tab.closed ? 'Closed tab' : 'New tab'} {tab.id}: {tab.url ? <code>{tab.url}</code> : `“${tab.title || 'blank'}” (placeholder)`}
        </li>
      ))}
    </ul>
  );
}
