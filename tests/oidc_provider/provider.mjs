// A real OpenID provider (panva/oidc-provider 8) for the bti.portal OIDC tests.
// Loopback only. Usage: node provider.mjs --port 9876  (or OP_PORT=9876)
// Env: OP_REDIRECT_URIS, OP_POST_LOGOUT_URIS (comma separated),
//      OP_CLIENT_SECRET, OP_PKJWT_JWKS (public JWKS JSON of the private_key_jwt client),
//      OP_EXTRA_ACCOUNTS (more test people, JSON).
// It behaves like ID-porten where the tests need it: RS256 ID tokens with `pid`
// and `acr`, PKCE S256 required. The login form lets the person pick MinID
// (idporten-loa-substantial) or BankID (idporten-loa-high) whatever the client
// asked for, so the relying party's own acr check is what the tests exercise.
// POST /__test/tamper {..} changes the NEXT token, userinfo, discovery or JWKS
// response (target): the "hostile provider" mode. A token change may re-sign
// the ID token with the OP's key, a foreign key, a dropped key, another alg
// (none, HS256 keyed with the public key, RS512, PS256, ES256), add header
// parameters (kid, jku, x5u, jwk), repeat a claim, wrap it in a JWE, replace
// it with garbage or a huge token, or replace the whole token response.
// POST /__test/rotate {drop_old} publishes a new signing key and signs with
// it (drop_old: the old key leaves the JWKS); {reset: true} goes back.
// GET /__test/last-tokens: the last token response as sent (log tests).
import Provider from 'oidc-provider';
import {
  CompactEncrypt, CompactSign, SignJWT, decodeJwt, decodeProtectedHeader, exportJWK,
  exportSPKI, generateKeyPair, importJWK,
} from 'jose';

const argPort = process.argv.indexOf('--port');
const port = Number(argPort > 0 ? process.argv[argPort + 1] : process.env.OP_PORT || 9876);
const issuer = `http://127.0.0.1:${port}`;
const list = (value) => (value || '').split(',').map((s) => s.trim()).filter(Boolean);
const redirectUris = list(process.env.OP_REDIRECT_URIS || 'http://localhost:55001/plone/acl_users/oidc/callback');
const postLogoutUris = list(process.env.OP_POST_LOGOUT_URIS || 'http://localhost:55001/plone');
const clientSecret = process.env.OP_CLIENT_SECRET || 'test-secret-that-is-long-enough-0123456789';

const LOA = { minid: 'idporten-loa-substantial', bankid: 'idporten-loa-high' };

// Test people. The pid values are synthetic test numbers, not real people.
const ACCOUNTS = {
  forelder: { sub: 'sub-guardian-4f1c', pid: '05917099930', given_name: 'Frida', family_name: 'Forelder' },
  ungdom: { sub: 'sub-young-9a2e', pid: '21901099878', given_name: 'Ulrik', family_name: 'Ungdom' },
  ansatt: { sub: 'sub-staff-7c3d', pid: '13827098012', given_name: 'Anne', family_name: 'Ansatt' },
};
// OP_EXTRA_ACCOUNTS: more test people as JSON {username: {sub, pid, given_name, family_name}}.
Object.assign(ACCOUNTS, JSON.parse(process.env.OP_EXTRA_ACCOUNTS || '{}'));
const PASSWORD = 'test';
const accountBySub = Object.fromEntries(Object.values(ACCOUNTS).map((a) => [a.sub, a]));

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'op-key-1', alg: 'RS256', use: 'sig' };
const foreign = await generateKeyPair('RS256', { extractable: true });
const foreignPublicJwk = { ...(await exportJWK(foreign.publicKey)), kid: 'evil', alg: 'RS256', use: 'sig' };
const ecForeign = await generateKeyPair('ES256', { extractable: true });
const opPrivateKey = await importJWK(signingJwk, 'RS256');
const publicOf = ({ d, p, q, dp, dq, qi, ...rest }) => rest; // eslint-disable-line no-unused-vars
// Signing keys: kid -> { privateKey, publicJwk }. `published` is what /jwks shows.
const original = { kid: 'op-key-1', privateKey: opPrivateKey, publicJwk: publicOf(signingJwk) };
let keyring = { [original.kid]: original };
let published = [original.kid];
let currentKid = original.kid;
let rotations = 0;
const rotated = () => currentKid !== original.kid || published.join() !== original.kid;

const clients = [
  ['bti-portal', 'client_secret_basic'],
  ['bti-portal-post', 'client_secret_post'],
].map(([id, method]) => ({
  client_id: id,
  client_secret: clientSecret,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutUris,
  token_endpoint_auth_method: method,
  id_token_signed_response_alg: 'RS256',
}));
if (process.env.OP_PKJWT_JWKS) {
  clients.push({
    client_id: 'bti-portal-pkjwt',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutUris,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    id_token_signed_response_alg: 'RS256',
    jwks: JSON.parse(process.env.OP_PKJWT_JWKS),
  });
}

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['bti-test-cookie-key-0123456789abcdef'] },
  pkce: { methods: ['S256'], required: () => true },
  acrValues: Object.values(LOA),
  claims: { openid: ['sub', 'pid'], profile: ['name', 'given_name', 'family_name'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = accountBySub[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...person, name: `${person.given_name} ${person.family_name}` };
      },
    };
  },
});
provider.proxy = false;

// One-shot changes of the next response, by target: token, userinfo, discovery, jwks.
let tampers = {};
let lastTokens = null;

const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(data));
});
const page = (title, body) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

const enc = (obj) => Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj)).toString('base64url');

async function signWith(alg, header, payloadText) {
  const payload = new TextEncoder().encode(payloadText);
  if (alg === 'none') return `${enc({ ...header, alg: 'none' })}.${enc(payloadText)}.`;
  if (alg === 'HS256-pubkey') {
    // The classic confusion: the RP's RSA public key (PEM) used as HMAC secret.
    const secret = new TextEncoder().encode(await exportSPKI(await importJWK(original.publicJwk, 'RS256')));
    return new CompactSign(payload).setProtectedHeader({ ...header, alg: 'HS256' }).sign(secret);
  }
  throw new Error(`unknown alg ${alg}`);
}

async function forge(idToken, change) {
  if (change.garbage) return 'eyJ!!.not~base64.@@@';
  const claims = { ...decodeJwt(idToken), ...(change.claims || {}) };
  for (const name of change.remove || []) delete claims[name];
  if (change.huge) claims.padding = 'x'.repeat(change.huge);
  const header = { ...decodeProtectedHeader(idToken), ...(change.header || {}) };
  if (currentKid !== original.kid) header.kid = currentKid;
  if (change.sign_kid) header.kid = change.sign_kid;
  if ('kid' in change) {
    if (change.kid === null) delete header.kid; else header.kid = change.kid;
  }
  if (change.header_jwk) header.jwk = foreignPublicJwk;
  let payloadText = JSON.stringify(claims);
  for (const [name, value] of Object.entries(change.duplicate || {})) {
    payloadText = `${payloadText.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`;
  }
  const payload = new TextEncoder().encode(payloadText);
  let token;
  if (change.alg === 'none' || change.alg === 'HS256-pubkey') {
    token = await signWith(change.alg, header, payloadText);
  } else if (change.alg === 'ES256') {
    token = await new CompactSign(payload).setProtectedHeader({ ...header, alg: 'ES256' }).sign(ecForeign.privateKey);
  } else {
    const alg = change.alg || 'RS256';
    let key = keyring[change.sign_kid || currentKid].privateKey;
    if (change.foreign_key) key = foreign.privateKey;
    if (alg !== 'RS256') key = await importJWK({ ...signingJwk, alg }, alg); // same RSA key, other alg
    token = await new CompactSign(payload).setProtectedHeader({ ...header, alg }).sign(key);
  }
  if (change.jwe) {
    token = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(foreign.publicKey);
  }
  return token;
}

async function rotate(body) {
  if (body.reset) {
    keyring = { [original.kid]: original };
    published = [original.kid];
    currentKid = original.kid;
    return;
  }
  rotations += 1;
  const kid = `op-key-rotated-${rotations}`;
  const { privateKey: next } = await generateKeyPair('RS256', { extractable: true });
  keyring[kid] = { kid, privateKey: next, publicJwk: { ...(await exportJWK(next)), kid, alg: 'RS256', use: 'sig' } };
  keyring[kid].publicJwk = publicOf(keyring[kid].publicJwk);
  published = body.drop_old ? [kid] : [...published, kid];
  currentKid = kid;
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(?:\/(login|confirm))?$/);
  if (ctx.path === '/__test/tamper' && ctx.method === 'POST') {
    const change = JSON.parse((await readBody(ctx.req)) || 'null');
    if (change === null) tampers = {};
    else tampers[change.target || 'token'] = change;
    ctx.body = { tampers };
    return;
  }
  if (ctx.path === '/__test/rotate' && ctx.method === 'POST') {
    await rotate(JSON.parse((await readBody(ctx.req)) || '{}'));
    ctx.body = { current: currentKid, published };
    return;
  }
  if (ctx.path === '/__test/last-tokens') {
    ctx.body = lastTokens || {};
    return;
  }
  if (ctx.path === '/__test/evil-jwks') {
    ctx.body = { keys: [foreignPublicJwk] };
    return;
  }
  if (ctx.path === '/__test/echo-token') {
    // Where a hostile token endpoint redirects: a valid-looking token answer.
    ctx.body = lastTokens || {};
    return;
  }
  if (match && ctx.method === 'GET') {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const uid = details.uid;
    ctx.type = 'html';
    if (details.prompt.name === 'login') {
      const wanted = String(details.params.acr_values || '').includes(LOA.bankid) ? 'bankid' : 'minid';
      const option = (value, label) => `<option value="${value}"${value === wanted ? ' selected' : ''}>${label}</option>`;
      ctx.body = page('Logg inn', `<form method="post" action="/interaction/${uid}/login">
<input name="username"><input name="password" type="password">
<select name="method">${option('bankid', 'BankID')}${option('minid', 'MinID')}</select>
<button type="submit">Logg inn</button></form>`);
    } else {
      ctx.body = page('Samtykke', `<form method="post" action="/interaction/${uid}/confirm">
<p>${details.params.client_id} ber om: ${details.params.scope}</p><button type="submit">Godta</button></form>`);
    }
    return;
  }
  if (match && ctx.method === 'POST' && match[2] === 'login') {
    const form = new URLSearchParams(await readBody(ctx.req));
    const person = ACCOUNTS[form.get('username')];
    if (!person || form.get('password') !== PASSWORD) {
      ctx.status = 403;
      ctx.body = page('Feil', 'Feil brukernavn eller passord');
      return;
    }
    const acr = LOA[form.get('method')] || LOA.bankid;
    const result = { login: { accountId: person.sub, acr, amr: [form.get('method') === 'minid' ? 'Minid-PIN' : 'BankID'] } };
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
    return;
  }
  if (match && ctx.method === 'POST' && match[2] === 'confirm') {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { prompt, params, session, grantId } = details;
    const grant = grantId ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes || {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const result = { consent: { grantId: await grant.save() } };
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true }));
    return;
  }
  await next();
  if (ctx.status !== 200) return;
  if (ctx.path === '/jwks') {
    if (rotated()) ctx.body = { keys: published.map((kid) => keyring[kid].publicJwk) };
    if (tampers.jwks) {
      const { keys } = ctx.body;
      if (tampers.jwks.duplicate_kid) ctx.body = { keys: [{ ...foreignPublicJwk, kid: keys[0].kid }, ...keys] };
      tampers.jwks = null;
    }
  } else if (ctx.path === '/.well-known/openid-configuration' && tampers.discovery) {
    ctx.body = { ...ctx.body, ...(tampers.discovery.metadata || {}) };
    tampers.discovery = null;
  } else if (ctx.path === '/token' && ctx.body && ctx.body.id_token) {
    const change = tampers.token || (rotated() ? {} : null);
    tampers.token = null;
    if (change && change.response) {
      lastTokens = ctx.body;
      const { status, body, content_type: type, location } = change.response;
      ctx.status = status || 200;
      if (location) ctx.set('Location', location.replace('{issuer}', issuer));
      if (type) ctx.type = type;
      ctx.body = body === undefined ? '' : body;
      return;
    }
    if (change) ctx.body = { ...ctx.body, id_token: await forge(ctx.body.id_token, change) };
    lastTokens = ctx.body;
  } else if (ctx.path === '/me' && tampers.userinfo && ctx.body) {
    ctx.body = { ...ctx.body, ...(tampers.userinfo.claims || {}) };
    tampers.userinfo = null;
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
