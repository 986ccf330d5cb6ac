import { createHmac } from "node:crypto";

/** `X-Hub-Signature-256` value for a webhook body. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Headers GitHub sends with a webhook delivery. */
export function webhookHeaders(
  secret: string,
  event: string,
  body: string,
  deliveryId: string = crypto.randomUUID(),
): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-github-event": event,
    "x-github-delivery": deliveryId,
    "x-hub-signature-256": sign(secret, body),
  };
}
