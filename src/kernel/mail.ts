/** E-post through SMTP (nodemailer). SMTP_URL (smtp://host:port) is read at send time; SMTP_FROM is the sender. */
import nodemailer from 'nodemailer';
import { DomainError } from './errors.ts';

export interface Mail { to: string; subject: string; text: string; attachments?: { filename: string; content: Buffer; contentType?: string }[] }

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.SMTP_FROM?.trim() || 'Styrbord <styrbord@localhost>';
}

/** The transport from SMTP_URL; refused in Swedish when it is not set. A server that does not answer fails within seconds, not minutes. */
export function mailTransport(env: NodeJS.ProcessEnv = process.env) {
  const url = env.SMTP_URL?.trim();
  if (!url) throw new DomainError('smtp-missing', 'E-post kan inte skickas: SMTP_URL är inte satt. Be driften ange e-postservern (till exempel smtp://server:25).', { status: 422 });
  return nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
}

/** One connection setting for several messages (a kallelse to every member): send() throws the transport's error on failure. */
export function openMailer(env: NodeJS.ProcessEnv = process.env): { send(mail: Mail): Promise<void>; close(): void } {
  const transport = mailTransport(env);
  const from = mailFrom(env);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, textEncoding: 'base64', attachments: mail.attachments });
    },
    close: () => transport.close(),
  };
}

/** Sends one message; throws the transport's error on failure. */
export async function sendMail(mail: Mail, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const mailer = openMailer(env);
  try {
    await mailer.send(mail);
  } finally {
    mailer.close();
  }
}

/** Why a message did not go out, in Swedish, with the mail server's own answer when it gave one. */
export function mailFailureText(e: unknown): string {
  const err = e as { response?: unknown; code?: unknown; message?: unknown };
  const response = typeof err?.response === 'string' ? err.response.trim().slice(0, 300) : '';
  if (response) return `E-postservern tog inte emot meddelandet: ${response}`;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (['ECONNREFUSED', 'ECONNECTION', 'ETIMEDOUT', 'EDNS', 'ENOTFOUND', 'ESOCKET'].includes(code)) {
    return `E-postservern kunde inte nås (${code}). Försök igen om en stund.`;
  }
  const message = typeof err?.message === 'string' ? err.message.slice(0, 300) : String(e).slice(0, 300);
  return `Meddelandet kunde inte skickas: ${message}`;
}
