/**
 * `.github/hotwash.yml` (and each file it `_extends`) cached per repository, revalidated on every
 * read with If-None-Match: an unchanged file costs a 304, which GitHub does not count against the
 * rate limit, and a changed one is read at once. A missing file is asked again every time (GitHub
 * gives a 404 no ETag), so a config added where there was none takes effect on the next command.
 * Every read still reaches GitHub with the caller's token: a cached file is only served to a
 * client GitHub answered 304, so one installation never sees another's file.
 */
import type { OctokitClient } from "./octokit-port.js";

export interface CachedFile {
  etag: string;
  data: unknown;
  /** The headers the config plugin looks at (content-type tells a file from a directory). */
  headers: Record<string, string>;
}

/** A bounded least-recently-used map of files by owner/repo/path (and ref and format). */
export class ConfigCache {
  readonly #files = new Map<string, CachedFile>();

  constructor(readonly maxEntries = 1000) {}

  get(key: string): CachedFile | undefined {
    const file = this.#files.get(key);
    if (file) {
      this.#files.delete(key);
      this.#files.set(key, file);
    }
    return file;
  }

  set(key: string, file: CachedFile): void {
    this.#files.delete(key);
    this.#files.set(key, file);
    for (const oldest of this.#files.keys()) {
      if (this.#files.size <= this.maxEntries) break;
      this.#files.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#files.delete(key);
  }
}

/** The process's cache: every port shares it. */
export const configCache = new ConfigCache();

const CONTENTS = "/repos/{owner}/{repo}/contents/{path}";

type Request = OctokitClient["request"];

interface ContentsEndpoint {
  method?: string;
  url?: string;
  owner?: string;
  repo?: string;
  path?: string;
  ref?: string;
  mediaType?: { format?: string };
  headers?: Record<string, string>;
}

/**
 * `octokit.request` for @probot/octokit-plugin-config: repository contents are read conditionally
 * through `cache`; everything else passes through. (The plugin reads every file, `_extends`
 * included, as `request({ method: "GET", url: CONTENTS, owner, repo, path, ref?, mediaType })`.)
 * `missing` remembers files found missing for as long as the caller keeps it (one sweep: the
 * organization's `.github` repository that every repository without a config falls back to).
 */
export function conditionalRequest(
  request: Request,
  cache: ConfigCache = configCache,
  missing?: Set<string>,
): Request {
  const conditional = async (route: unknown, params?: unknown) => {
    const endpoint = (typeof route === "object" ? route : params) as ContentsEndpoint | undefined;
    if (typeof route !== "object" || endpoint?.url !== CONTENTS || (endpoint.method ?? "GET") !== "GET")
      return request(route as never, params as never);
    const key = [endpoint.owner, endpoint.repo, endpoint.path]
      .map((part) => String(part).toLowerCase())
      .concat(endpoint.ref ?? "", endpoint.mediaType?.format ?? "")
      .join("/");
    if (missing?.has(key)) throw Object.assign(new Error("Not Found"), { status: 404 });
    const cached = cache.get(key);
    try {
      const response = await request({
        ...endpoint,
        headers: { ...endpoint.headers, ...(cached ? { "if-none-match": cached.etag } : {}) },
      } as never);
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, data: copy(response.data), headers: pick(response.headers) });
      else cache.delete(key);
      return response;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 304 && cached)
        return { status: 200, url: "", headers: cached.headers, data: copy(cached.data) };
      if (status === 404) {
        cache.delete(key);
        missing?.add(key);
      }
      throw error;
    }
  };
  return Object.assign(conditional, request) as unknown as Request;
}

/** The plugin deletes `_extends` from what it parsed: a JSON file's object must not be the cached one. */
function copy(data: unknown): unknown {
  return typeof data === "object" && data !== null ? structuredClone(data) : data;
}

function pick(headers: Record<string, unknown>): Record<string, string> {
  const type = headers["content-type"];
  return typeof type === "string" ? { "content-type": type } : {};
}
