import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { TEST_DOMAIN } from '../src/testing';
import { accountApiRequests, portal } from '../stories/support/network';
import { withTestPortal } from '../stories/support/withTestPortal';
import '../stories/support/stories.css';

/**
 * Starts msw's service worker with the Account API's happy path as the base handler
 * (it survives the reset between stories; each story's `parameters.msw.handlers`
 * go on top). Relative URL and scope, so a Storybook published under a sub-path works.
 * Tests of the stories in Node replace this loader with one on their msw server.
 */
export async function startStoryWorker() {
  const { setupWorker } = await import('msw/browser');
  const worker = setupWorker(portal.success());
  await worker.start({
    quiet: true,
    serviceWorker: { url: './mockServiceWorker.js', options: { scope: './' } },
    // Storybook's own assets go through untouched; an Account API call no handler
    // answers is a broken story, and should say so.
    onUnhandledRequest(request, print) {
      if (request.url.startsWith(TEST_DOMAIN)) print.error();
    },
  });
  return worker;
}

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [mswLoader(startStoryWorker)],
  beforeEach() {
    accountApiRequests.length = 0;
  },
  decorators: [withTestPortal],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    // Violations fail the story (panel, test runs), not just warn.
    a11y: { test: 'error' },
    docs: {
      toc: true,
      // Each docs example in its own iframe: msw handlers are per page, so inline
      // stories on one docs page would all share whichever story loaded last.
      story: { inline: false, iframeHeight: 200 },
    },
    options: {
      storySort: { order: ['Introduction', 'Components', 'Examples'] },
    },
  },
};

export default preview;
