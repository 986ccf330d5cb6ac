/** Errors shaped like GitHub's: `{ message, documentation_url, status }`. */

export const DOCS = "https://docs.github.com/rest";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body["message"] ?? status));
  }
}

export function githubError(status: number, message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(status, { message, documentation_url: DOCS, status: String(status), ...extra });
}

export function notFound(message = "Not Found"): HttpError {
  return githubError(404, message);
}

export interface FieldError {
  resource: string;
  field: string;
  code: string;
  value?: unknown;
  message?: string;
}

export function validationFailed(errors: FieldError[], message = "Validation Failed"): HttpError {
  return githubError(422, message, { errors });
}

/** A 422 with only a message, as several endpoints answer. */
export function unprocessable(message: string): HttpError {
  return githubError(422, message);
}
