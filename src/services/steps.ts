/**
 * A failure tagged with the step that failed, so the reply can name it ("Reading the incident's
 * board failed: …") instead of a vague "the command failed".
 */
export class StepFailure extends Error {
  override name = "StepFailure";
  constructor(
    /** What was being done, as the start of a sentence: "Reading `.github/hotwash.yml`". */
    readonly what: string,
    override readonly cause: unknown,
  ) {
    super(`${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** `work`, with any failure tagged as this step's (a failure already tagged keeps its step). */
export async function step<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof StepFailure ? error : new StepFailure(what, error);
  }
}

/** The step that failed and the underlying error; `fallback` names what failed when no step did. */
export function failedStep(error: unknown, fallback: string): { what: string; cause: unknown } {
  return error instanceof StepFailure
    ? { what: error.what, cause: error.cause }
    : { what: fallback, cause: error };
}
