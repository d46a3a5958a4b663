#!/usr/bin/env node
// s3rver (a local S3 look-alike) for the blob store's tests, on a loopback port.
//
//   node serve.js --directory DIR [--port 0] [--address 127.0.0.1] [--bucket NAME]...
//                 [--stop-on-stdin-eof] [--no-verify]
//
// Creates the buckets, listens, then prints the bound port alone on a line on stdout; stops on
// SIGTERM or SIGINT, and with --stop-on-stdin-eof also when its standard input closes (so a test
// that dies without stopping it does not leave it running). Credentials are s3rver's own: access
// key S3RVER, secret S3RVER. Virtual-hosted requests go to <bucket>.s3.localhost:<port>.
//
// s3rver 3.7.1 checks that a request's access key id exists but never checks a Signature V4
// (its authentication middleware says "Signature version 4 calculation is unimplemented") nor
// the x-amz-content-sha256 of the body. So that a wrong secret, a wrongly signed header or a
// wrong body hash fail here as they would on S3, this launcher verifies header-signed SigV4
// requests itself before s3rver sees them (--no-verify turns that off).
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { PassThrough, Readable, Transform } = require('stream');
const { pipeline } = require('stream/promises');
const S3rver = require('s3rver');
const S3Error = require('s3rver/lib/models/error');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

const SECRETS = new Map([['S3RVER', 'S3RVER']]);

function parseArgs(argv) {
  const options = {
    port: 0, address: '127.0.0.1', directory: undefined, buckets: [], verify: true, stopOnStdinEof: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--port': options.port = Number(value()); break;
      case '--address': options.address = value(); break;
      case '--directory': options.directory = value(); break;
      case '--bucket': options.buckets.push(value()); break;
      case '--no-verify': options.verify = false; break;
      case '--stop-on-stdin-eof': options.stopOnStdinEof = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!options.directory) throw new Error('--directory is required');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('bad --port');
  return options;
}

const sha256Hex = data => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();

// RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX (upper case).
function uriEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(part => part.length > 0)
    .map(part => {
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      const decode = s => decodeURIComponent(s);
      return [uriEncode(decode(name)), uriEncode(decode(value))];
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

// S3's status for each code; s3rver's table lacks XAmzContentSHA256Mismatch and would say 500.
function denied(code, message) {
  const error = new S3Error(code, message, {});
  error.status = code === 'XAmzContentSHA256Mismatch' ? 400 : error.status;
  error.expose = true;
  return error;
}

// Checks an "Authorization: AWS4-HMAC-SHA256 ..." request the way S3 does; throws an S3Error.
function verifySignature(req) {
  const authorization = req.headers['authorization'];
  if (!authorization) throw denied('AccessDenied', 'Anonymous requests are not accepted by this test server.');
  const match = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
    authorization.trim());
  if (!match) throw denied('AuthorizationHeaderMalformed', 'Expected a header-signed AWS4-HMAC-SHA256 request.');
  const [, credential, signedHeaderList, signature] = match;
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  const secret = SECRETS.get(accessKeyId);
  if (secret === undefined) throw denied('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist.');
  if (service !== 's3' || terminator !== 'aws4_request' || !region) {
    throw denied('AuthorizationHeaderMalformed', 'The credential scope is not <date>/<region>/s3/aws4_request.');
  }
  const amzDate = req.headers['x-amz-date'] || '';
  if (!amzDate.startsWith(date)) throw denied('AuthorizationHeaderMalformed', 'x-amz-date does not match the scope.');
  const payloadHash = req.headers['x-amz-content-sha256'];
  if (!payloadHash) throw denied('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');

  const signedHeaders = signedHeaderList.split(';');
  // S3 wants the host and every x-amz-* header that is sent to be signed.
  const mustSign = ['host', ...Object.keys(req.headers).filter(h => h.startsWith('x-amz-'))];
  for (const name of mustSign) {
    if (!signedHeaders.includes(name)) throw denied('AccessDenied', `Header ${name} is not signed.`);
  }
  const headerValue = name => {
    const raw = req.headers[name];
    const values = Array.isArray(raw) ? raw : [raw === undefined ? '' : raw];
    return values.map(v => String(v).trim().replace(/\s+/g, ' ')).join(',');
  };

  const queryStart = req.url.indexOf('?');
  const path = queryStart < 0 ? req.url : req.url.slice(0, queryStart);
  const query = queryStart < 0 ? '' : req.url.slice(queryStart + 1);
  const canonicalPath = path.split('/').map(segment => uriEncode(decodeURIComponent(segment))).join('/');
  const canonicalRequest = [
    req.method,
    canonicalPath,
    canonicalQuery(query),
    ...signedHeaders.map(name => `${name}:${headerValue(name)}`),
    '',
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac('AWS4' + secret, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, terminator);
  const expected = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw denied('SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.');
  }
  return payloadHash;
}

// Koa middleware run before all of s3rver's: verifies the signature and, for a body with a
// declared SHA-256, the body itself (buffered, then handed on to s3rver as a fresh stream).
function signatureVerifier() {
  return async (ctx, next) => {
    const payloadHash = verifySignature(ctx.req);
    if (/^[0-9a-f]{64}$/.test(payloadHash) && (ctx.method === 'PUT' || ctx.method === 'POST')) {
      const chunks = [];
      for await (const chunk of ctx.req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      if (sha256Hex(body) !== payloadHash) {
        throw denied('XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
      const replay = new PassThrough();
      replay.end(body);
      ctx.req = replay;
    } else if (!/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== 'UNSIGNED-PAYLOAD') {
      throw denied('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256.');
    }
    return next();
  };
}

// s3rver 3.7.1's putObject resolves when the body has passed its MD5 transform, not when the file
// is written, so it answers 200 while the object is still being written and a GET right after a
// PUT can read a truncated object (seen with 3 MB bodies). This version waits for the file.
FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const md5 = crypto.createHash('md5');
  let size = 0;
  const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  const measure = new Transform({
    transform(chunk, encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(content, measure, fs.createWriteStream(objectPath));
  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
};

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const server = new S3rver({
    address: options.address,
    port: options.port,
    directory: options.directory,
    silent: true,
    serviceEndpoint: 'localhost',  // <bucket>.s3.localhost:<port> is a virtual-hosted request
    configureBuckets: options.buckets.map(name => ({ name })),
  });
  // Koa composes its middleware list when the server starts, so this runs first.
  if (options.verify) server.middleware.unshift(signatureVerifier());
  const address = await server.run();
  process.stdout.write(`${address.port}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open: do not wait for them.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (options.stopOnStdinEof) {
    process.stdin.on('end', stop).on('error', stop).resume();
  }
}

main().catch(err => {
  process.stderr.write(`serve.js: ${err && err.message ? err.message : err}\n`);
  process.exit(2);
});
