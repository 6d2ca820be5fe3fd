/// <reference types="vite/client" />
import * as a11yAnnotations from '@storybook/addon-a11y/preview';
import { composeStories, setProjectAnnotations, type composeStory } from '@storybook/react-vite';
import { act } from '@testing-library/react';
import type { RequestHandler } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import preview from '../../.storybook/preview';
import { server } from '../setup/mswServer';

// Every story's play function, run in jsdom on React 19 and React 18 (see the
// react19/react18 projects in vitest.config.ts), with the same msw handlers the
// Storybook uses, served here by the Node msw server from test/setup.
//
// The preview's only loader starts msw's *service worker*, which Node has not got:
// the story's handlers go onto the Node server instead (below), on top of its
// default happy path, and setup/jsdom.ts resets them after each test.
const { loaders: _serviceWorkerLoader, ...previewForNode } = preview;
// The a11y add-on's afterEach runs axe on each rendered story and files a report.
// jsdom has no layout or canvas, so colour contrast is left to the browser test.
const jsdomAxe = { parameters: { a11y: { config: { rules: [{ id: 'color-contrast', enabled: false }] } } } };
setProjectAnnotations([a11yAnnotations, previewForNode, jsdomAxe]);

type StoryModule = Parameters<typeof composeStories>[0];
type ComposedStory = ReturnType<typeof composeStory>;
const modules = import.meta.glob<StoryModule>('../../stories/**/*.stories.tsx', { eager: true });

let canvas: HTMLElement | null = null;

afterEach(async () => {
  // Portable stories unmount a story only when the next one runs; unmount now, so a
  // pending request or timer can't outlive its test.
  const { unmountElement } = await import('@storybook/react-dom-shim');
  const element = canvas;
  canvas = null;
  if (element) {
    await act(async () => unmountElement(element));
    element.remove();
  }
});

function handlersOf(parameters: { msw?: unknown }): RequestHandler[] {
  const msw = parameters.msw as { handlers?: RequestHandler[] } | RequestHandler[] | undefined;
  if (!msw) return [];
  return Array.isArray(msw) ? msw : (msw.handlers ?? []);
}

describe.each(Object.entries(modules))('%s', (_path, module) => {
  const stories = Object.entries(composeStories(module)) as [string, ComposedStory][];

  it.each(stories)('%s', async (_name, Story) => {
    server.use(...handlersOf(Story.parameters));
    canvas = document.body.appendChild(document.createElement('div'));
    await Story.run({ canvasElement: canvas });

    const a11y = Story.reporting.reports.filter((report) => report.type === 'a11y');
    expect(a11y, 'the a11y add-on did not check this story').not.toHaveLength(0);
    const violations = a11y.filter((report) => report.status === 'failed').flatMap((report) => {
      const result = report.result as { violations?: { id: string; impact?: string; help: string; nodes: { html: string }[] }[]; error?: unknown };
      if (result.error) return [`axe failed to run: ${String(result.error)}`];
      return (result.violations ?? []).map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.html).join(' | ')}`);
    });
    expect(violations).toEqual([]);
  });
});
