import type { StorybookConfig } from '@storybook/react-vite';

// Nothing leaves this machine: no telemetry, no crash reports, no "what's new" feed.
// (The dev server's version check is a CLI flag: `storybook dev --no-version-updates`.)
process.env.STORYBOOK_DISABLE_TELEMETRY ??= '1';

interface ServerChannel {
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  removeAllListeners(event?: string): void;
}

const config: StorybookConfig & {
  // A preset hook Storybook applies to its dev-server channel; not in the public type.
  experimental_serverChannel?: (channel: ServerChannel) => Promise<ServerChannel>;
} = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // mockServiceWorker.js, copied from msw/lib (keep it in step with the msw version).
  staticDirs: ['./public'],
  core: {
    disableTelemetry: true,
    enableCrashReports: false,
    disableWhatsNewNotifications: true,
    disableProjectJson: true,
  },
  typescript: {
    // Follows `extends` across files, so the button's table lists subNav, target, asChild…
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      include: ['src/**/*.tsx', 'stories/**/*.tsx'],
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      // Our props only: not the ~250 inherited DOM attributes of <button>.
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  // The manager asks the dev server for storybook.js.org's "what's new" post on every
  // load, whatever disableWhatsNewNotifications says; answer it locally instead.
  experimental_serverChannel: async (channel) => {
    channel.removeAllListeners('requestWhatsNewData');
    channel.on('requestWhatsNewData', () => channel.emit('resultWhatsNewData', { data: { status: 'ERROR' } }));
    return channel;
  },
  viteFinal: async (viteConfig) => ({
    ...viteConfig,
    build: {
      ...viteConfig.build,
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        ...viteConfig.build?.rollupOptions,
        // The entries' "use client" is for apps' server bundlers; meaningless in Storybook.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('use client')) return;
          warn(warning);
        },
      },
    },
  }),
};

export default config;
