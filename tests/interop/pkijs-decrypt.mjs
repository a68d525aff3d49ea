// SPDX-License-Identifier: Apache-2.0
// node pkijs-decrypt.mjs KEY.pem CERT.pem MESSAGE.der: opens a CMS
// EnvelopedData with PKI.js, as a requester's JavaScript would, and prints
// the content. Exits 1 with PKI.js's words when it cannot.
import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import * as pkijs from "pkijs";

// Node's WebCrypto, whatever the release puts on globalThis (18 puts none).
pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto }));

const pemBody = (path) =>
  Buffer.from(readFileSync(path, "utf8").replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""), "base64");
const asArrayBuffer = (buf) => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);

const [keyPath, certPath, messagePath] = process.argv.slice(2);
try {
  const info = pkijs.ContentInfo.fromBER(asArrayBuffer(readFileSync(messagePath)));
  if (info.contentType !== pkijs.ContentInfo.ENVELOPED_DATA)
    throw new Error(`content type ${info.contentType} is not EnvelopedData`);
  const enveloped = new pkijs.EnvelopedData({ schema: info.content });
  const content = await enveloped.decrypt(0, {
    recipientCertificate: pkijs.Certificate.fromBER(asArrayBuffer(pemBody(certPath))),
    recipientPrivateKey: asArrayBuffer(pemBody(keyPath)), // PKCS#8
  });
  process.stdout.write(Buffer.from(content));
} catch (e) {
  process.stderr.write(`pkijs: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
}
