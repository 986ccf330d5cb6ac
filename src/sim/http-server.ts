/** Serve a GitHubSim over HTTP on 127.0.0.1 (both `/` and the GHES `/api/v3/` prefix). */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitHubSim } from "./sim.js";

export interface SimServer {
  /** e.g. `http://127.0.0.1:53211`; use `${url}/api/v3` as a GHES base URL. */
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  if (/json/.test(req.headers["content-type"] ?? "")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export async function startHttpServer(sim: GitHubSim, opts: { port?: number } = {}): Promise<SimServer> {
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        const out = await sim.handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers,
          body: await readBody(req),
          origin,
        });
        const payload =
          out.body === undefined
            ? undefined
            : typeof out.body === "string"
              ? out.body
              : JSON.stringify(out.body);
        res.writeHead(out.status, out.headers);
        res.end(payload);
      } catch (error) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message: `GitHubSim server error: ${String(error)}` }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
