/** A chunkserver that does not answer (taken down): the client fails over to another replica. */
export class UnavailableError extends Error {
  constructor(readonly target: string) {
    super(`${target} is unavailable`);
    this.name = 'UnavailableError';
  }
}

/** A file that already exists was created again. */
export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`file ${path} already exists`);
    this.name = 'FileExistsError';
  }
}

/** Not enough chunkservers answer to place the replicas a chunk needs. */
export class PlacementError extends Error {}

/** Recovery asked for with no backup taken yet. */
export class NoBackupError extends Error {}
