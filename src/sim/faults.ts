/** Injected failures: the next matching requests answer with an error instead. */
import { DOCS } from "./errors.js";
import type { FaultSpec, SimResponse } from "./types.js";

interface Pending {
  spec: FaultSpec;
  remaining: number;
}

const MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  422: "Validation Failed",
  429: "Too Many Requests",
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
  504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
};

export class Faults {
  private pending: Pending[] = [];

  add(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault for this request, if one matches (consumes one use). */
  take(method: string, route: string): FaultSpec | undefined {
    const hit = this.pending.find(
      ({ spec }) =>
        (!spec.method || spec.method.toUpperCase() === method) &&
        (!spec.route || (typeof spec.route === "string" ? spec.route === route : spec.route.test(route))),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.pending = this.pending.filter((p) => p !== hit);
    return hit.spec;
  }
}

export function faultResponse(spec: FaultSpec, now: Date): SimResponse {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  let message = MESSAGES[spec.status] ?? "Error";
  if (spec.rateLimit) {
    const reset = Math.floor(now.getTime() / 1000) + 60;
    Object.assign(headers, {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "5000",
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-resource": "core",
    });
    message =
      "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.";
  }
  Object.assign(headers, spec.headers ?? {});
  const body = spec.body ?? {
    message,
    documentation_url: spec.rateLimit
      ? "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
      : DOCS,
    status: String(spec.status),
  };
  return { status: spec.status, headers, body };
}
