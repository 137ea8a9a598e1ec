/** E-post through SMTP (nodemailer). SMTP_URL (smtp://host:port) is read at send time; SMTP_FROM is the sender. */
import nodemailer from 'nodemailer';
import { DomainError } from './errors.ts';

export interface Mail { to: string; subject: string; text: string; attachments?: { filename: string; content: Buffer; contentType?: string }[] }

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.SMTP_FROM?.trim() || 'Styrbord <styrbord@localhost>';
}

/** The transport from SMTP_URL; refused in Swedish when it is not set. */
export function mailTransport(env: NodeJS.ProcessEnv = process.env) {
  const url = env.SMTP_URL?.trim();
  if (!url) throw new DomainError('smtp-missing', 'E-post kan inte skickas: SMTP_URL är inte satt. Be driften ange e-postservern (till exempel smtp://server:25).', { status: 422 });
  return nodemailer.createTransport(url);
}

/** Sends one message; throws the transport's error on failure. */
export async function sendMail(mail: Mail, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const transport = mailTransport(env);
  try {
    await transport.sendMail({ from: mailFrom(env), to: mail.to, subject: mail.subject, text: mail.text, textEncoding: 'base64', attachments: mail.attachments });
  } finally {
    transport.close();
  }
}
