import { z } from 'zod';

/** A request body that does not fit its schema; the message names every bad field. */
export class InvalidRequestError extends Error {}

/** Identifiers that end up as label values: short, printable, no spaces. */
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
  error: 'expected 1-64 characters of letters, digits, "_", "." or "-", starting alphanumeric',
});

/** `POST /api/v1/jobs`: a job for a simulated worker to run. */
export const submitJobSchema = z
  .strictObject({
    /** The tenant, `tenant_id` on the job counters. */
    tenantId: identifier,
    /** A name for people. @default 'job' */
    name: z.string().max(128).default('job'),
    /** How long the simulated worker runs it. @default 100 */
    durationMs: z.int().min(0).max(86_400_000).default(100),
    /** How the simulated run ends. @default 'success' */
    outcome: z.enum(['success', 'failure']).default('success'),
    /** The failure's `error_type` (only with `outcome: failure`). @default 'exit_code' */
    errorType: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, { error: 'expected snake_case, at most 64 characters' })
      .optional(),
  })
  .refine((job) => job.errorType === undefined || job.outcome === 'failure', {
    error: 'errorType is only allowed with outcome "failure"',
    path: ['errorType'],
  });
export type SubmitJobRequest = z.output<typeof submitJobSchema>;

/** `POST /api/v1/workers`: a worker announcing itself. */
export const registerWorkerSchema = z.strictObject({
  id: identifier,
  /** Jobs it runs at once. @default 4 */
  slots: z.int().min(1).max(100_000).default(4),
  cpuPercent: z.number().min(0).max(100).optional(),
  memoryMb: z.number().min(0).max(1e9).optional(),
});
export type RegisterWorkerRequest = z.output<typeof registerWorkerSchema>;

/** `POST /api/v1/workers/:id/heartbeat`: liveness plus resource use. */
export const heartbeatSchema = z.strictObject({
  cpuPercent: z.number().min(0).max(100).optional(),
  memoryMb: z.number().min(0).max(1e9).optional(),
  /** The worker's own verdict (a full disk, say). @default true */
  healthy: z.boolean().default(true),
});
export type HeartbeatRequest = z.output<typeof heartbeatSchema>;

/**
 * Parses `input` with `schema`.
 * @throws {InvalidRequestError} listing every problem as `body.<field>: <message>`.
 */
export function parseRequest<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = ['body', ...issue.path.map(String)].join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InvalidRequestError(problems.join('; '));
}
