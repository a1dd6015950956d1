/** Where one chunk of a file lives. */
export interface ChunkPlacement {
  /** Chunk id, unique in the file system, allocated by the master in increasing order. */
  readonly id: number;
  /** Bytes in this chunk. */
  readonly size: number;
  /** Chunkservers holding a replica, first one preferred for reads. */
  readonly servers: readonly string[];
}

/** A file's metadata, as the master keeps it and the metalogger logs it. */
export interface FileMeta {
  readonly path: string;
  readonly size: number;
  readonly chunks: readonly ChunkPlacement[];
}

/** One metadata change, in the order the master made them. */
export type MetadataChange =
  | { readonly seq: number; readonly kind: 'create'; readonly meta: FileMeta; readonly at: bigint }
  | { readonly seq: number; readonly kind: 'delete'; readonly path: string; readonly at: bigint };

/** The bytes a metadata entry takes when serialised: the cache's size estimate. */
export function metaSize(meta: FileMeta): number {
  return Buffer.byteLength(JSON.stringify(meta));
}
