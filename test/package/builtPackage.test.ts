import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs Node the way an app would, importing the package by name (self-reference
// through package.json "exports"), so the built files and their exports are what's tested.
function node(args: string[]): string {
  return execFileSync(process.execPath, args, { encoding: 'utf8', cwd: process.cwd() }).trim();
}

/** Every bare specifier imported by a built file or the chunks it pulls in. */
function reachableImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  const specs = [...code.matchAll(/(?:from\s*|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.flatMap((spec) => (spec.startsWith('.') ? reachableImports(join(dirname(file), spec), seen) : [spec]));
}

const esm = (code: string) => node(['--input-type=module', '-e', code]);
const cjs = (code: string) => node(['-e', code]);

describe('the built package', () => {
  it('loads every entry through ESM import and CJS require', () => {
    for (const entry of ['', '/core', '/kinde', '/server', '/testing']) {
      const name = `react-self-serve-portal${entry}`;
      expect(esm(`const m = await import('${name}'); console.log(Object.keys(m).length > 0)`)).toBe('true');
      expect(cjs(`console.log(Object.keys(require('${name}')).length > 0)`)).toBe('true');
    }
  });

  it('recognises a PortalError from the CJS build in the ESM build (two copies)', () => {
    const out = esm(`
      import { createRequire } from 'node:module';
      import { isPortalError, PortalError } from 'react-self-serve-portal/core';
      const cjsCore = createRequire(import.meta.url)('react-self-serve-portal/core');
      const foreign = new cjsCore.PortalError('forbidden', 'x');
      console.log(foreign instanceof PortalError, isPortalError(foreign), cjsCore.isPortalError(new PortalError('http', 'y')));
    `);
    expect(out).toBe('false true true');
  });

  it('server-renders a provider from one entry serving a gate from another, in ESM and CJS', () => {
    const render = `
      const html = renderToString(createElement(TestPortalProvider, { permissions: ['org:write:billing'] },
        createElement(PortalGate, { permission: 'org:write:billing', loading: 'loading' }, 'billing')));
      console.log(html);
    `;
    expect(
      esm(`import { createElement } from 'react'; import { renderToString } from 'react-dom/server';
           import { PortalGate } from 'react-self-serve-portal'; import { TestPortalProvider } from 'react-self-serve-portal/testing';
           ${render}`),
    ).toBe('loading');
    expect(
      cjs(`const { createElement } = require('react'); const { renderToString } = require('react-dom/server');
           const { PortalGate } = require('react-self-serve-portal'); const { TestPortalProvider } = require('react-self-serve-portal/testing');
           ${render}`),
    ).toBe('loading');
  });

  it('marks client entries "use client" and keeps /core and /server free of React and the directive', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/kinde/index.js', 'dist/kinde/index.cjs', 'dist/testing/index.js']) {
      expect(readFileSync(file, 'utf8').startsWith('"use client";')).toBe(true);
    }
    for (const file of ['dist/core/index.js', 'dist/server/index.js', 'dist/core/index.cjs', 'dist/server/index.cjs']) {
      const code = readFileSync(file, 'utf8');
      expect(code.startsWith('"use client"')).toBe(false);
    }
    for (const entry of ['dist/core/index.js', 'dist/server/index.js', 'dist/core/index.cjs', 'dist/server/index.cjs']) {
      expect(reachableImports(entry).filter((spec) => /^react(-dom)?(\/|$)/.test(spec))).toEqual([]);
    }
  });
});
