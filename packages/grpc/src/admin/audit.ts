import { status, type Metadata } from '@grpc/grpc-js';
import type { Counter } from '@opentelemetry/api';
import type { AdminAuth, Principal } from '../auth/admin-auth.js';
import type { GrpcSources } from '../sources.js';
import { GrpcStatusError, statusName } from '../status.js';
import { peerAddress } from '../token-buckets.js';

/** The self-metrics meter of the services. */
export const GRPC_METER = '@meterline/grpc';

/** What one admin call is, for its permission check and audit line. */
export interface AdminAction {
  /** The RPC name, for example `SetCardinalityLimit`. */
  readonly action: string;
  /** True for actions that change the service (viewers may not call them). */
  readonly changes: boolean;
  /** What it acts on, for the log (`instrument=http.server.duration limit=100`). Never a secret. */
  readonly target?: string;
}

/**
 * Runs admin actions behind authentication and records each one: a log line (who, from where,
 * what, the result; never a credential) and `meterline_grpc_admin_actions_total{action, result}`,
 * where `result` is the gRPC status name (`OK`, `NOT_FOUND`, `UNAUTHENTICATED`, …).
 */
export class AdminAudit {
  private counter: Counter | undefined;

  constructor(
    private readonly auth: AdminAuth,
    private readonly sources: GrpcSources,
  ) {}

  /** Authenticates, checks the role, runs `run` and records the outcome; rethrows its error. */
  async run<T>(
    call: {
      metadata: Metadata;
      getPeer(): string;
      getAuthContext?(): { sslPeerCertificate?: { subject?: { CN?: string | string[] } } };
    },
    action: AdminAction,
    run: (who: Principal) => Promise<T> | T,
  ): Promise<T> {
    // With client certificates, the certificate's subject CN names the peer too.
    const cn = [call.getAuthContext?.().sslPeerCertificate?.subject?.CN ?? []].flat().join(',');
    const address = peerAddress(call.getPeer());
    const peer = `${address}${cn ? ` cert=${JSON.stringify(cn)}` : ''}`;
    let who: Principal | undefined;
    try {
      who = await this.auth.authenticate(call.metadata, address);
      if (action.changes && who.role !== 'admin') {
        throw new GrpcStatusError(
          status.PERMISSION_DENIED,
          `${who.name} may only read; ${action.action} changes the service`,
        );
      }
      const result = await run(who);
      this.record(action, who, peer, status.OK, 'done');
      return result;
    } catch (error) {
      const code = error instanceof GrpcStatusError ? error.code : status.INTERNAL;
      this.record(action, who, peer, code, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private record(
    action: AdminAction,
    who: Principal | undefined,
    peer: string,
    code: status,
    detail: string,
  ): void {
    const result = statusName(code);
    const line =
      `grpc admin: action=${action.action} who=${who?.name ?? 'unauthenticated'} peer=${peer}` +
      `${action.target ? ` ${action.target}` : ''} result=${result}: ${detail}`;
    if (code === status.OK) this.sources.logger.info(line);
    else this.sources.logger.warn(line);
    // Before telemetry has started the meter is a no-op: take the counter only once it is real.
    if (this.counter === undefined && this.sources.ready()) {
      this.counter = this.sources.meter(GRPC_METER).createCounter('meterline_grpc_admin_actions', {
        description: 'Calls of the gRPC MetricsAdminService, by action and gRPC status',
      });
    }
    this.counter?.add(1, { action: action.action, result });
  }
}
