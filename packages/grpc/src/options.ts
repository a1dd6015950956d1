import { bytesSchema, countSchema, millisSchema, portSchema, z } from '@meterline/plugin';

const bcryptHash = z
  .string()
  .regex(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/, { error: 'expected a bcrypt hash ($2b$…)' });

/** Admin authentication (`exporters.grpc.admin`). */
const adminSchema = z.strictObject({
  /** Bearer token of an admin (`authorization: Bearer <token>`); at least 16 characters. @default none */
  bearerToken: z
    .string()
    .min(16, { error: 'expected a token of at least 16 characters' })
    .optional(),
  /** Basic-auth users and their bcrypt hashes (`htpasswd -nbBC 10 user pass`). @default none */
  basicAuthUsers: z.record(z.string().min(1), bcryptHash).optional(),
  /** Basic-auth users who may only read: GetConfig, ListViews, Health. @default none */
  viewers: z.array(z.string().min(1)).default([]),
  /**
   * With no credentials configured, let every caller administer the service. Only for a
   * loopback-only development setup. @default false (every admin call gets PERMISSION_DENIED)
   */
  allowUnauthenticated: z.boolean().default(false),
  /** Failed authentications a peer address may make in a burst. @default 10 */
  failureBurst: countSchema('attempts', { min: 1, max: 10_000 }).default(10),
  /** Failed authentications per second a peer address regains. @default 1 */
  failuresPerSecond: z.number().positive().max(10_000).default(1),
});

/** TLS (`exporters.grpc.tls`): PEM files, read at start-up. */
const tlsSchema = z.strictObject({
  /** The server's certificate chain (PEM). */
  certFile: z.string().min(1),
  /** The server's private key (PEM). */
  keyFile: z.string().min(1),
  /** CA bundle (PEM) that client certificates must chain to; given, a client certificate is required. @default none */
  clientCaFile: z.string().min(1).optional(),
});

/** Options of the `grpc` plug-in: the section `exporters.grpc`, after defaults. */
export const grpcOptionsSchema = z.strictObject({
  /** Interface to bind; another than loopback only when configured. @default '127.0.0.1' */
  host: z.string().min(1).default('127.0.0.1'),
  /** Port to bind; 0 picks a free one. @default 9465 */
  port: portSchema.default(9465),
  /** Serve over TLS (and require client certificates with `clientCaFile`). @default plaintext */
  tls: tlsSchema.optional(),
  /** Who may call MetricsAdminService. @default no credentials: admin calls are refused */
  admin: adminSchema.default({
    viewers: [],
    allowUnauthenticated: false,
    failureBurst: 10,
    failuresPerSecond: 1,
  }),
  /** Largest request message; larger ones get RESOURCE_EXHAUSTED. @default 4194304 (4 MiB) */
  maxReceiveMessageBytes: bytesSchema({ min: 1024, max: 64 * 1024 * 1024 }).default(
    4 * 1024 * 1024,
  ),
  /** Largest response message. @default 16777216 (16 MiB) */
  maxSendMessageBytes: bytesSchema({ min: 1024, max: 256 * 1024 * 1024 }).default(16 * 1024 * 1024),
  /** Concurrent calls (HTTP/2 streams) per connection. @default 100 */
  maxConcurrentStreams: countSchema('streams', { min: 1, max: 10_000 }).default(100),
  /** Server keepalive ping interval. @default 60000 */
  keepaliveTimeMillis: millisSchema({ min: 1000, max: 7_200_000 }).default(60_000),
  /** How long a keepalive ping may go unanswered before the connection is closed. @default 20000 */
  keepaliveTimeoutMillis: millisSchema({ min: 1000, max: 600_000 }).default(20_000),
  /** A connection idle (no calls) for this long is closed. @default 300000 */
  maxConnectionIdleMillis: millisSchema({ min: 1000, max: 86_400_000 }).default(300_000),
  /** Bound on one collection for Query, Watch and ListInstruments. @default 10000 */
  collectTimeoutMillis: millisSchema({ min: 100, max: 300_000 }).default(10_000),
  /** Watch interval when the request gives none. @default 5000 */
  watchDefaultIntervalMillis: millisSchema({ min: 10, max: 3_600_000 }).default(5000),
  /** Shortest Watch interval; shorter requests are raised to it. @default 1000 */
  watchMinIntervalMillis: millisSchema({ min: 10, max: 3_600_000 }).default(1000),
  /** Watches open at once; more get RESOURCE_EXHAUSTED. @default 64 */
  maxWatches: countSchema('watches', { min: 1, max: 10_000 }).default(64),
  /** Measurements one peer address may record in a burst. @default 10000 */
  recordBurst: countSchema('measurements', { min: 1, max: 10_000_000 }).default(10_000),
  /** Measurements per second a peer address regains. @default 1000 */
  recordPerSecond: z.number().positive().max(10_000_000).default(1000),
  /** Reads (Query, ListInstruments, a Watch's start) one peer address may make in a burst. @default 200 */
  readBurst: countSchema('calls', { min: 1, max: 1_000_000 }).default(200),
  /** Reads per second a peer address regains. @default 50 */
  readPerSecond: z.number().positive().max(1_000_000).default(50),
  /** Instruments Record may create. @default 1000 */
  recordMaxInstruments: countSchema('instruments', { min: 1, max: 100_000 }).default(1000),
  /**
   * Delta-query cursors kept at once; each holds the last answer of one instrument's matching
   * series, so memory is at most this times the largest series limit. @default 100
   */
  maxCursors: countSchema('cursors', { min: 1, max: 100_000 }).default(100),
  /** A delta-query cursor unused this long is forgotten. @default 600000 */
  cursorTtlMillis: millisSchema({ min: 1000, max: 86_400_000 }).default(600_000),
});

/** Options of the gRPC services, after defaults. */
export type GrpcOptions = z.output<typeof grpcOptionsSchema>;
/** Options of the gRPC services as written in config or code. */
export type GrpcOptionsInput = z.input<typeof grpcOptionsSchema>;
