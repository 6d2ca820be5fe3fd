import type { Decorator } from '@storybook/react-vite';
import { PortalStoryFrame, type PortalStoryParameters } from './PortalStoryFrame';

declare module 'storybook/internal/csf' {
  interface Parameters {
    /** Provider settings for this story's `TestPortalProvider`; `false` when the story renders its own. */
    portal?: PortalStoryParameters | false;
  }
}

/**
 * Every story runs inside a `TestPortalProvider` on `TEST_DOMAIN` (answered by the
 * msw handlers), with navigation shown instead of performed. A decorator rather than
 * part of each story, so "Show code" shows only the component in use.
 */
export const withTestPortal: Decorator = (Story, { parameters }) => {
  if (parameters.portal === false) return <Story />;
  return (
    <PortalStoryFrame {...parameters.portal}>
      <Story />
    </PortalStoryFrame>
  );
};
