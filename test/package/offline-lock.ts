/**
 * A lockfile for an empty project that depends only on the packed tarball. npm's cache holds the
 * tarballs `npm ci` fetched but not the registry's metadata, so `npm install <tgz>` cannot resolve
 * ranges offline; the project's own lockfile already has, and its production entries sit at the
 * same paths when hotwash is the only dependency. Each entry gets its tarball URL (the lockfile may
 * leave it out), so that npm reads the tarball from its cache instead of asking for metadata.
 */
type Entry = Record<string, unknown>;

interface Lock {
  lockfileVersion: number;
  packages: Record<string, Entry>;
}

export function lockForTarball(tarball: string, manifest: Entry, projectLock: Lock, registry: string): Lock {
  const packages: Record<string, Entry> = {
    "": { name: "user", dependencies: { hotwash: `file:${tarball}` } },
    "node_modules/hotwash": {
      version: manifest["version"],
      resolved: `file:${tarball}`,
      dependencies: manifest["dependencies"],
      bin: manifest["bin"],
      engines: manifest["engines"],
    },
  };
  for (const [path, entry] of Object.entries(projectLock.packages)) {
    if (path === "" || entry["dev"] === true || entry["link"] === true) continue;
    const { devOptional, ...rest } = entry;
    const name = typeof entry["name"] === "string" ? entry["name"] : path.split("node_modules/").at(-1);
    const resolved = `${registry.replace(/\/?$/, "/")}${name}/-/${name?.split("/").at(-1)}-${String(entry["version"])}.tgz`;
    packages[path] = { resolved, ...rest, ...(devOptional === true ? { optional: true } : {}) };
  }
  return { lockfileVersion: 3, packages };
}
