// One layout for every mail, as plain text and as HTML in the responsible agency's brand. Every value
// that reaches the HTML is escaped here, whatever its origin (names and reasons are typed by people).
import { type Branding, BUILT_IN_BRANDING, POWERED_BY, isHttpsUrl } from "@/lib/branding/schemas";

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A mail's message: a greeting, paragraphs, an optional button with its link, and a closing note. */
interface MailMessage {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown after the button, e.g. how long the link stays valid. */
  note?: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A subject is one header line: line breaks would be read as the start of another header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").trim();
}

/** Only http(s) links become buttons: a mail never carries a script or data URL. */
function safeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export function renderMail(branding: Branding, message: MailMessage): MailContent {
  const subject = oneLine(message.subject);
  const link = message.action ? safeLink(message.action.url) : null;
  return { subject, text: renderText(branding, message, link), html: renderHtml(branding, message, subject, link) };
}

function footerLines(branding: Branding): string[] {
  const lines: string[] = [];
  if (branding.footer_text) lines.push(branding.footer_text);
  if (branding.support_email) lines.push(`Questions? Write to ${branding.support_email}`);
  if (!branding.hide_powered_by) lines.push(POWERED_BY);
  return lines;
}

function renderText(branding: Branding, message: MailMessage, link: string | null): string {
  const parts = [message.greeting, ...message.paragraphs];
  if (message.action && link) parts.push(`${message.action.label}: ${link}`);
  if (message.note) parts.push(message.note);
  parts.push(`-- \n${[branding.app_name, ...footerLines(branding)].join("\n")}`);
  return parts.join("\n\n") + "\n";
}

function renderHtml(branding: Branding, message: MailMessage, subject: string, link: string | null): string {
  const color = COLOR.test(branding.primary_color) ? branding.primary_color : BUILT_IN_BRANDING.primary_color;
  const appName = escapeHtml(branding.app_name);
  const logo =
    branding.logo_url && isHttpsUrl(branding.logo_url)
      ? `<img src="${escapeHtml(branding.logo_url)}" alt="${appName}" height="32" style="height:32px;vertical-align:middle;margin-right:8px">`
      : "";
  const paragraphs = message.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("\n");
  const button =
    message.action && link
      ? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:${color};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block;font-weight:600">${escapeHtml(message.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#475569">Or open this link: <a href="${escapeHtml(link)}" style="color:${color}">${escapeHtml(link)}</a></p>`
      : "";
  const note = message.note ? `<p style="margin:0 0 16px;font-size:13px;color:#475569">${escapeHtml(message.note)}</p>` : "";
  const support = branding.support_email
    ? `<p style="margin:0 0 4px">Questions? Write to <a href="mailto:${escapeHtml(branding.support_email)}" style="color:${color}">${escapeHtml(branding.support_email)}</a></p>`
    : "";
  const footer = [
    branding.footer_text ? `<p style="margin:0 0 4px">${escapeHtml(branding.footer_text)}</p>` : "",
    support,
    branding.hide_powered_by ? "" : `<p style="margin:0">${escapeHtml(POWERED_BY)}</p>`,
  ].join("");
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#0f172a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9;padding:24px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${color};padding:16px 24px;color:#ffffff;font-size:18px;font-weight:600">${logo}${appName}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
<p style="margin:0 0 16px">${escapeHtml(message.greeting)}</p>
${paragraphs}
${button}
${note}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e2e8f0;font-size:12px;color:#64748b">${footer}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}
