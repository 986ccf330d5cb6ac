import { createHash } from "node:crypto";

/** ISO 8601 without milliseconds, as GitHub writes timestamps. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Legacy-style GraphQL node id, e.g. `MDQ6VXNlcjE=` for User 1. */
export function nodeId(type: string, id: number | string): string {
  const len = String(type.length).padStart(2, "0");
  return Buffer.from(`${len}:${type}${id}`).toString("base64");
}

export function sha1(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex");
}

/** Git's blob id: sha1("blob <size>\0<content>"). */
export function blobSha(content: Buffer): string {
  return sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
}

/** Base64 with a newline every 60 characters, like the contents API. */
export function base64Lines(content: Buffer): string {
  const b64 = content.toString("base64");
  return (b64.match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}

export function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** Encode a path keeping its slashes. */
export function encPath(path: string): string {
  return path.split("/").map(enc).join("/");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
