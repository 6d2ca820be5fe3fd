// The /server entry must load and work where there is no React and no DOM:
// a Node server, an edge function, a worker.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../../src/server/index.ts', import.meta.url));

describe('the /server entry', () => {
  it('runs in an environment without window or document', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const server = await import('../../src/server/index');
    expect(Object.keys(server).sort()).toEqual(['PortalError', 'createM2MTokenSource', 'createPortalLink', 'createPortalLinkHandler', 'isPortalError']);
    const handler = server.createPortalLinkHandler({
      domain: 'https://acme.kinde.test',
      tokenSource: { getToken: async () => 'unused', invalidate: () => {} },
      authenticate: () => null,
      allowedReturnOrigins: ['https://app.acme.test'],
    });
    // The whole unauthenticated path runs without touching a DOM global.
    expect((await handler(new Request('https://app.acme.test/x', { method: 'POST' }))).status).toBe(401);
  });

  it('pulls in no React, no src/react and no DOM globals when bundled', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('src/server/'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/react|src\/(react|kinde|testing)\//.test(path))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\b(window|document|localStorage|sessionStorage|navigator|location)\s*[.[]/);
    expect(code).not.toMatch(/["']use client["']/);
  });
});
