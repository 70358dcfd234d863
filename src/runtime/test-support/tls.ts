// A throwaway certificate for 127.0.0.1 in `dir` (cert.pem, key.pem), made by openssl; null
// without openssl.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function selfSignedFiles(dir: string): { certFile: string; keyFile: string } | null {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1']
        .concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
        .concat(['-keyout', keyFile, '-out', certFile]),
      { stdio: 'ignore' },
    );
    return { certFile, keyFile };
  } catch {
    return null;
  }
}
