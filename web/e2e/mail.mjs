// Reading what the test SMTP server received: .eml files parsed into headers and decoded parts.
// Re-exported by support.mjs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Every complete .eml in `dir` (the SMTP server writes to a temporary name, then renames), in
// arrival order.
export function readMails(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+\.eml$/.test(name))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((name) => ({ file: join(dir, name), ...parseMail(readFileSync(join(dir, name), "latin1")) }));
}

function decodeWords(value) {
  // RFC 2047 encoded-words; whitespace between two adjacent ones is dropped.
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, encoding, text) => {
      const bytes = encoding.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (__, hex) =>
          String.fromCharCode(parseInt(hex, 16))), "latin1");
      return new TextDecoder(charset).decode(bytes);
    });
}

function parseHeaders(block) {
  const headers = {};
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(raw, headers) {
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  let bytes;
  if (encoding === "base64") bytes = Buffer.from(raw.replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") {
    bytes = Buffer.from(raw.replace(/=\r\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex) =>
      String.fromCharCode(parseInt(hex, 16))), "latin1");
  } else bytes = Buffer.from(raw, "latin1");
  const charset = /charset="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1] ?? "utf-8";
  return new TextDecoder(charset).decode(bytes);
}

// A message as the tests need it: {headers, to, from, subject, text, html} (text and html are the
// decoded text/plain and text/html parts, "" when absent). Handles what shiftsync sends: single part
// or multipart/alternative, base64 or quoted-printable, UTF-8 encoded-words in headers.
export function parseMail(source) {
  const split = source.indexOf("\r\n\r\n");
  const headers = parseHeaders(split < 0 ? source : source.slice(0, split));
  const body = split < 0 ? "" : source.slice(split + 4);
  const parts = [];
  const collect = (partHeaders, partBody) => {
    const type = (partHeaders["content-type"] ?? "text/plain").toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(partHeaders["content-type"] ?? "")?.[1];
    if (type.startsWith("multipart/") && boundary) {
      const pieces = partBody.split(`--${boundary}`);
      for (const piece of pieces.slice(1)) {
        if (piece.startsWith("--")) break;
        const at = piece.indexOf("\r\n\r\n");
        if (at < 0) continue;
        collect(parseHeaders(piece.slice(0, at).replace(/^\r\n/, "")), piece.slice(at + 4).replace(/\r\n$/, ""));
      }
    } else {
      parts.push({ type: type.split(";")[0].trim(), text: decodeBody(partBody, partHeaders) });
    }
  };
  collect(headers, body);
  return {
    headers,
    to: headers.to ?? "",
    from: headers.from ?? "",
    subject: headers.subject ?? "",
    text: parts.find((p) => p.type === "text/plain")?.text ?? "",
    html: parts.find((p) => p.type === "text/html")?.text ?? "",
  };
}

// The first http(s) URL in `text` whose path starts with `pathPrefix`, e.g.
//   findLink(mail.text, "/register?invitation=")
export function findLink(text, pathPrefix = "/") {
  for (const match of text.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
    const url = new URL(match[0]);
    if ((url.pathname + url.search).startsWith(pathPrefix)) return url.href;
  }
  return null;
}
