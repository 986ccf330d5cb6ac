/** What a face tells the services about telling Hotwash's own hidden data from anyone else's (see trust.ts). */
export interface Trust {
  /** Secret that signs hidden data (HOTWASH_SIGNING_KEY, the App's private key, the Action's `signing-key`). */
  signingKey?: string;
  /**
   * Only a valid signature counts. For the Action with a key: other workflows write as the same
   * `github-actions[bot]`, so its last edit proves nothing. Otherwise (the App's bot is Hotwash's
   * alone) data without a valid signature, such as one written before a key rotation or by a part
   * without the key, counts when nobody but Hotwash edited the comment.
   */
  requireSignature?: boolean;
}
