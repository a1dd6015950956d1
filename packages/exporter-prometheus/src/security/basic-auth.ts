import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import bcrypt from 'bcryptjs';

const CACHE_LIMIT = 1024;

/**
 * Checks HTTP basic credentials against bcrypt hashes (exporter-toolkit's `basic_auth_users`).
 *
 * bcrypt is slow on purpose, so verified credentials are cached (keyed by a SHA-256 of user,
 * password and hash; at most 1024 entries). An unknown user is checked against a dummy hash of the
 * same cost, so it takes as long as a known user with a wrong password and response times do not
 * reveal which users exist. Verification is asynchronous and does not block the event loop.
 */
export class BasicAuth {
  private readonly verified = new Set<string>();
  private readonly dummyHash: string;

  constructor(private readonly users: ReadonlyMap<string, string>) {
    const first = users.values().next().value;
    const cost = first ? bcrypt.getRounds(first) : 10;
    this.dummyHash = bcrypt.hashSync('meterline-dummy-password', cost);
  }

  /** True when the request carries the credentials of a configured user. */
  async check(req: IncomingMessage): Promise<boolean> {
    const credentials = parseBasic(req.headers.authorization);
    const hash = credentials ? this.users.get(credentials.user) : undefined;
    if (!credentials || hash === undefined) {
      await bcrypt.compare(credentials?.password ?? '', this.dummyHash);
      return false;
    }
    const key = createHash('sha256')
      .update(`${credentials.user}\u0000${credentials.password}\u0000${hash}`)
      .digest('base64');
    if (this.verified.has(key)) return true;
    if (!(await bcrypt.compare(credentials.password, hash))) return false;
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.add(key);
    return true;
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
