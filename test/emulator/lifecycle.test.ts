import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { formatSeed } from "../../emulator/seed.js";

/** Sockets and servers held by this process (timers are vitest's business). */
function netHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap" || r === "TCPSocketWrap").length;
}

async function settle(predicate: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return predicate();
}

describe("lifecycle", () => {
  it("binds to 127.0.0.1 only, on a free port by default", async () => {
    const emu = await startEmulator();
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
      expect(emu.port).toBeGreaterThan(0);
      // Nothing listens on another interface's address for that port.
      await expect(fetch(`http://[::1]:${emu.port}/.well-known/jwks.json`)).rejects.toThrow();
    } finally {
      await emu.close();
    }
  });

  it("listens on a requested port", async () => {
    const port = await freePort();
    const emu = await startEmulator({ port });
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${emu.url}/.well-known/jwks.json`)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it("close() leaves no open server or sockets, even with keep-alive and a delayed request in flight", async () => {
    const before = netHandles();
    const emu = await startEmulator();
    await fetch(`${emu.url}/.well-known/jwks.json`); // leaves a keep-alive connection
    emu.setFault({ route: "jwks", latencyMs: 10_000 });
    const inflight = fetch(`${emu.url}/.well-known/jwks.json`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));

    const t = performance.now();
    await emu.close();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(await inflight).toBeInstanceOf(Error);
    expect(await settle(() => netHandles() <= before)).toBe(true);
    await emu.close(); // idempotent
    await expect(fetch(`${emu.url}/.well-known/jwks.json`)).rejects.toThrow();
  });

  it("cli.ts prints the URL and the seeded users, and stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const cli = fileURLToPath(new URL("../../emulator/cli.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const child = spawn(process.execPath, [tsx, cli, "--port", String(port), "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    try {
      expect(await settle(() => out.includes("alice@acme.test"), 15_000)).toBe(true);
      expect(out).toContain(`http://127.0.0.1:${port}`);
      expect(out).toContain(formatSeed().split("\n")[1]);
      expect((await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 20_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
