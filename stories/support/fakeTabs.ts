import { useSyncExternalStore } from 'react';

/** A tab the button opened, as far as the story can see it. */
export interface FakeTab {
  id: number;
  title: string;
  /** Where the button pointed it; null while it is still the placeholder. */
  url: string | null;
  closed: boolean;
}

let tabs: readonly FakeTab[] = [];
const listeners = new Set<() => void>();

function update(id: number, change: Partial<FakeTab>): void {
  tabs = tabs.map((tab) => (tab.id === id ? { ...tab, ...change } : tab));
  listeners.forEach((listener) => listener());
}

function openFakeTab(): Window {
  const id = tabs.length + 1;
  tabs = [...tabs, { id, title: '', url: null, closed: false }];
  listeners.forEach((listener) => listener());
  // Only what the button touches: opener, document.title, location.href, close().
  const fake = {
    opener: null as unknown,
    closed: false,
    document: {
      set title(title: string) {
        update(id, { title });
      },
    },
    location: {
      set href(url: string) {
        update(id, { url });
      },
    },
    close() {
      fake.closed = true;
      update(id, { closed: true });
    },
  };
  return fake as unknown as Window;
}

/**
 * Replaces `window.open` for one story: `'allow'` records tabs instead of opening
 * them (the portal link points at a domain that does not exist), `'block'` returns
 * null like a popup blocker. Returns the cleanup that restores it.
 */
export function stubWindowOpen(mode: 'allow' | 'block'): () => void {
  const original = window.open;
  tabs = [];
  window.open = mode === 'block' ? () => null : openFakeTab;
  return () => {
    window.open = original;
    tabs = [];
  };
}

export function useFakeTabs(): readonly FakeTab[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => tabs,
    () => tabs,
  );
}
