const { createPrivateKey, X509Certificate } = process.getBuiltinModule('node:crypto');
const { createSecureContext } = process.getBuiltinModule('node:tls');

/** What is wrong with a certificate/key pair, for a config error: which key and why. */
export interface TlsMaterialProblem {
  readonly key: 'cert_file' | 'key_file';
  readonly message: string;
}

/**
 * Checks that `cert` is a PEM certificate, `key` an unencrypted PEM private key, and that they
 * belong together, the way the TLS server will load them. Returns the first problem, naming the
 * file names given (never their contents: OpenSSL's reason code only, no key material), or
 * `undefined` when the pair is usable.
 */
export function checkTlsMaterial(
  cert: Buffer,
  key: Buffer,
  names: { readonly certFile: string; readonly keyFile: string },
): TlsMaterialProblem | undefined {
  try {
    new X509Certificate(cert);
  } catch (error) {
    return {
      key: 'cert_file',
      message: `${names.certFile} is not a PEM certificate (${reason(error)})`,
    };
  }
  try {
    createPrivateKey(key);
  } catch (error) {
    return {
      key: 'key_file',
      message: `${names.keyFile} is not an unencrypted PEM private key (${reason(error)})`,
    };
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const mismatch = code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH';
    return {
      key: 'key_file',
      message: mismatch
        ? `${names.keyFile} does not match the certificate in cert_file ${names.certFile}`
        : `${names.keyFile} and cert_file ${names.certFile} cannot be used together (${reason(error)})`,
    };
  }
  return undefined;
}

/** OpenSSL's error code or a bare reason, never the offending input. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return code;
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : 'unreadable';
}
