// The benchmark peer: node-oidc-provider (OpenID Certified) in one process, configured like a production provider
// doing the same work per operation as Gatehouse: RS256 ID tokens, JWT access tokens for the API resource
// (client credentials), refresh tokens kept for the web client (STATIC, as Gatehouse's web apps), PKCE required, and a real login form that verifies
// ASP.NET Core Identity v3 hashes (PBKDF2-HMAC-SHA512, iteration count read from the hash) — the same users and
// hashes Gatehouse is seeded with (bench/LoadDriver `seed`). Storage: the package's in-memory adapter.
//
// Usage: node server.js --port 9443 --cert server.pem --key server-key.pem --seed peer-seed.json
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import { promisify } from 'node:util';

import Provider from 'oidc-provider';

const pbkdf2 = promisify(crypto.pbkdf2);
const arg = (name) => {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) throw new Error(`--${name} is required`);
  return process.argv[index + 1];
};

const port = Number(arg('port'));
const seed = JSON.parse(fs.readFileSync(arg('seed'), 'utf8'));
const issuer = `https://127.0.0.1:${port}`;
const apiAudience = 'api://default';

// A fresh RS256 signing key per start, as Gatehouse has one per authorization server.
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

// ASP.NET Core Identity v3: 0x01 | prf (u32 BE, 2 = SHA512) | iterations (u32 BE) | salt length (u32 BE) | salt | subkey.
const digests = { 0: 'sha1', 1: 'sha256', 2: 'sha512' };
async function verifyIdentityV3(password, encoded) {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes[0] !== 0x01) return false;
  const digest = digests[bytes.readUInt32BE(1)];
  const iterations = bytes.readUInt32BE(5);
  const saltLength = bytes.readUInt32BE(9);
  const salt = bytes.subarray(13, 13 + saltLength);
  const expected = bytes.subarray(13 + saltLength);
  // Asynchronous: runs on libuv's thread pool, so the event loop keeps serving other requests meanwhile.
  const actual = await pbkdf2(password, salt, iterations, expected.length, digest);
  return crypto.timingSafeEqual(actual, expected);
}
// Unknown users cost a hash too, as in Gatehouse, so that timing does not reveal which logins exist.
const dummyHash = Object.values(seed.users)[0].passwordHash;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: seed.client.clientId,
      client_secret: seed.client.clientSecret,
      redirect_uris: [seed.client.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: seed.service.clientId,
      client_secret: seed.service.clientSecret,
      redirect_uris: [],
      response_types: [],
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: seed.service.scope,
    },
  ],
  jwks: { keys: [{ ...signingKey, kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'offline_access', 'profile', 'email', seed.service.scope],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  async findAccount(_ctx, id) {
    const user = seed.users[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id, email: id, email_verified: true, preferred_username: id,
          name: `${user.firstName} ${user.lastName}`, given_name: user.firstName, family_name: user.lastName,
        };
      },
    };
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // JWT access tokens are issued for a resource server; userinfo only accepts tokens without an audience, so the
    // code flow's tokens (used at userinfo) stay opaque and the API's (client credentials) are RS256 JWTs.
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, client) => (client.clientId === seed.service.clientId ? apiAudience : undefined),
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({
        scope: seed.service.scope,
        audience: apiAudience,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  pkce: { required: () => true },
  // Refresh tokens for every code grant (Gatehouse issues them with offline_access). Gatehouse, like Okta, rotates them
  // only for browser apps (SPAs, public clients) and keeps a persistent (STATIC) token for web apps: the bench's code-flow
  // client is a confidential web app, so its refresh token is kept and returned again, the same work on both sides.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: (ctx) => ctx.oidc.client.tokenEndpointAuthMethod === 'none',
  ttl: { AccessToken: 3600, IdToken: 3600, AuthorizationCode: 300, ClientCredentials: 3600, RefreshToken: 90 * 24 * 3600, Session: 2 * 3600, Interaction: 600, Grant: 90 * 24 * 3600 },
  // First-party app: no consent screen (Gatehouse shows none either).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email offline_access');
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginPage = (uid, error) => `<!doctype html><html><head><title>Sign In</title></head><body><h1>Sign In</h1>
${error ? `<div role="alert">${escape(error)}</div>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="login" type="text" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign In</button></form></body></html>`;

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(details.uid));
    return;
  }

  const form = await readForm(req);
  const login = form.get('login') ?? '';
  const user = seed.users[login];
  const valid = await verifyIdentityV3(form.get('password') ?? '', user?.passwordHash ?? dummyHash);
  if (!user || !valid) {
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginPage(details.uid, 'Unable to sign in. Check your username and password.'));
    return;
  }

  await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

const providerCallback = provider.callback();
const server = https.createServer({
  cert: fs.readFileSync(arg('cert')),
  key: fs.readFileSync(arg('key')),
  keepAlive: true,
}, (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(error.message));
    });
    return;
  }
  providerCallback(req, res);
});
// Keep idle keep-alive connections as long as Kestrel does (its default is 130 s).
server.keepAliveTimeout = 130_000;
server.listen(port, '127.0.0.1', () => console.log(`node-oidc-provider listening on ${issuer}`));
