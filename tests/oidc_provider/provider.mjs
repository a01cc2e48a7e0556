// A real OpenID provider (panva/oidc-provider 8) for the bti.portal OIDC tests.
// Loopback only. Usage: node provider.mjs --port 9876  (or OP_PORT=9876)
// Env: OP_REDIRECT_URIS, OP_POST_LOGOUT_URIS (comma separated),
//      OP_CLIENT_SECRET, OP_PKJWT_JWKS (public JWKS JSON of the private_key_jwt client),
//      OP_EXTRA_ACCOUNTS (more test people, JSON).
// It behaves like ID-porten where the tests need it: RS256 ID tokens with `pid`
// and `acr`, PKCE S256 required. The login form lets the person pick MinID
// (idporten-loa-substantial) or BankID (idporten-loa-high) whatever the client
// asked for, so the relying party's own acr check is what the tests exercise.
// POST /__test/tamper {..} changes the NEXT token or userinfo response (re-signed
// with the OP's key, or a foreign key, or alg=none): the "rogue provider" mode.
import Provider from 'oidc-provider';
import { SignJWT, generateKeyPair, exportJWK, importJWK, decodeJwt, decodeProtectedHeader } from 'jose';

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

let tamper = null; // one-shot change for the next token or userinfo response

const readBody = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(data));
});
const page = (title, body) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

async function forge(idToken, change) {
  const claims = { ...decodeJwt(idToken), ...(change.claims || {}) };
  for (const name of change.remove || []) delete claims[name];
  const header = { ...decodeProtectedHeader(idToken) };
  if (change.alg === 'none') {
    const enc = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
  }
  const key = change.foreign_key ? foreign.privateKey : await importJWK(signingJwk, 'RS256');
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(?:\/(login|confirm))?$/);
  if (ctx.path === '/__test/tamper' && ctx.method === 'POST') {
    tamper = JSON.parse((await readBody(ctx.req)) || 'null');
    ctx.body = { tamper };
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
  if (!tamper || ctx.status !== 200) return;
  if (ctx.path === '/token' && tamper.target !== 'userinfo' && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await forge(ctx.body.id_token, tamper) };
    tamper = null;
  } else if (ctx.path === '/me' && tamper.target === 'userinfo' && ctx.body) {
    ctx.body = { ...ctx.body, ...(tamper.claims || {}) };
    tamper = null;
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
