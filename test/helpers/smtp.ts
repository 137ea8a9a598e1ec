/**
 * A real SMTP server for tests (the smtp-server package) on a random port of
 * 127.0.0.1: it accepts and keeps every message, and can be told to refuse a
 * recipient with 550 (the way a real server refuses an unknown mailbox).
 * Messages are read back from their raw text (mailparser is not installed):
 * the headers, the decoded subject and the decoded text body.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope: MAIL FROM and every accepted RCPT TO. */
  from: string;
  to: string[];
  /** Header names in lower case; folded lines unfolded. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  raw: string;
}

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> – give it as SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  messages: ReceivedMail[];
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  /** Refuse RCPT TO for this address with 550 until accept() is called. */
  reject(address: string): void;
  accept(address: string): void;
  /** Waits until at least n messages are in (the browser's click returns before the test looks). */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** =?UTF-8?B?…?= and =?UTF-8?Q?…?= words of a header (RFC 2047). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qpBytes(data.replace(/_/g, ' '));
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

function qpBytes(s: string): Buffer {
  const out: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      out.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

function splitMessage(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    const texts = parts.map((p) => splitMessage(p.replace(/^\r?\n/, ''))).filter((p) => /^text\/plain/i.test(p.headers['content-type'] ?? 'text/plain'));
    return texts.map((p) => decodeBody(p.headers, p.body)).join('\n');
  }
  const charset = /charset="?([^";]+)"?/i.exec(type)?.[1] ?? 'utf-8';
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? qpBytes(body) : Buffer.from(body, 'utf8');
  return new TextDecoder(charset.toLowerCase()).decode(bytes).replace(/\r\n/g, '\n');
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const { headers, body } = splitMessage(raw);
  return { ...envelope, headers, subject: decodeWords(headers.subject ?? ''), text: decodeBody(headers, body), raw };
}

export async function startSmtpServer(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const rejected = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox unavailable: brevlådan finns inte'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    reject: (address) => void rejected.add(address.toLowerCase()),
    accept: (address) => void rejected.delete(address.toLowerCase()),
    async waitFor(n, ms = 10_000) {
      const until = Date.now() + ms;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`väntade på ${n} meddelanden, fick ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
