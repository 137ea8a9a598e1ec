/**
 * The region's seal on the adjusted protokoll and on certified extracts: a
 * PDF signature (PAdES-style, adbe.pkcs7.detached / CMS) made with
 * @signpdf/signpdf, the certificate a PKCS#12 file. The region's own seal
 * is configured with SEAL_P12_PATH and SEAL_P12_PASSWORD. Without one, a
 * development or demo start generates a throw-away self-signed demo
 * certificate (node-forge) in the data directory, and the PDF says so
 * visibly; in production (NODE_ENV=production) signing is refused.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { DomainError } from '../kernel/errors.ts';

export const DEMO_LABEL = 'DEMOCERTIFIKAT – inte giltig för rättsverkan';

export interface Seal {
  p12: Buffer;
  password: string;
  /** True for the generated demo certificate: the PDF must say it has no legal effect. */
  demo: boolean;
  /** The certificate's subject common name. */
  name: string;
}

/** A throw-away self-signed certificate as PKCS#12 (for the demo and tests). */
export function generateSelfSignedP12(commonName: string, password: string): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Demo' },
    { name: 'countryName', value: 'SE' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function commonNameOf(p12: Buffer, password: string): string {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), password);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const cn = bags[0]?.cert?.subject.getField('CN')?.value;
  return typeof cn === 'string' ? cn : 'Okänd';
}

let cached: { key: string; seal: Seal } | null = null;

/**
 * The seal to sign with: the configured PKCS#12, else (outside production)
 * the demo certificate in DATA_DIR (generated at first use).
 */
export function loadSeal(env: NodeJS.ProcessEnv = process.env): Seal {
  const path = env.SEAL_P12_PATH;
  const key = `${path ?? ''}|${env.DATA_DIR ?? ''}|${env.NODE_ENV ?? ''}`;
  if (cached?.key === key) return cached.seal;
  let seal: Seal;
  if (path) {
    if (!existsSync(path)) throw new DomainError('seal-missing', `Sigillcertifikatet ${path} (SEAL_P12_PATH) finns inte.`, { status: 500 });
    const p12 = readFileSync(path);
    const password = env.SEAL_P12_PASSWORD ?? '';
    let name: string;
    try {
      name = commonNameOf(p12, password);
    } catch {
      throw new DomainError('seal-unreadable', 'Sigillcertifikatet (SEAL_P12_PATH) kan inte läsas: fel lösenord (SEAL_P12_PASSWORD) eller inte en PKCS#12-fil.', { status: 500 });
    }
    seal = { p12, password, demo: false, name };
  } else {
    if (env.NODE_ENV === 'production') {
      throw new DomainError(
        'seal-not-configured',
        'Protokollet kan inte förseglas: inget sigillcertifikat är konfigurerat. Ange SEAL_P12_PATH och SEAL_P12_PASSWORD (se docs/minutes.md).',
        { status: 503 },
      );
    }
    const file = join(env.DATA_DIR ?? join(process.cwd(), 'data'), 'seal', 'demo-seal.p12');
    const password = 'demo';
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // written whole, then renamed: two processes starting at once never read half a certificate
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, generateSelfSignedP12("Region DEMOCERTIFIKAT - inte giltig for rattsverkan", password));
      if (existsSync(file)) rmSync(tmp);
      else renameSync(tmp, file);
    }
    seal = { p12: readFileSync(file), password, demo: true, name: commonNameOf(readFileSync(file), password) };
  }
  cached = { key, seal };
  return seal;
}

export interface SealOptions {
  reason: string;
  location: string;
  signingTime?: Date;
}

/** Signs the PDF with the seal (one signature over the whole file as it is). */
export async function sealPdf(bytes: Uint8Array, seal: Seal, opts: SealOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: opts.reason,
    contactInfo: '',
    name: seal.name,
    location: opts.location,
    ...(opts.signingTime ? { signingTime: opts.signingTime } : {}),
    signatureLength: 16384,
  });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new P12Signer(seal.p12, { passphrase: seal.password });
  const signed = await new SignPdf().sign(withPlaceholder, signer, opts.signingTime);
  return new Uint8Array(signed);
}
