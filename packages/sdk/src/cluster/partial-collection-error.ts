/** Error in a collection result when some workers did not answer in time. */
export class PartialCollectionError extends Error {
  constructor(
    readonly missing: readonly string[],
    timeoutMillis: number,
  ) {
    super(
      `cluster collection is partial: ${missing.join(', ')} did not answer within ` +
        `${timeoutMillis} ms (their data joins a later collection)`,
    );
    this.name = 'PartialCollectionError';
  }
}
