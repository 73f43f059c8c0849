// Drives Gatehouse's management API with Okta's own Node SDK, unchanged: create a user, a group and an OIDC web
// app, assign the group to the app and the user to the group, and read everything back through the SDK's models.
// Usage: OKTA_CLIENT_ORGURL=https://127.0.0.1:PORT OKTA_CLIENT_TOKEN=... NODE_EXTRA_CA_CERTS=ca.pem node compat.mjs
// NODE_EXTRA_CA_CERTS adds Gatehouse's local CA to Node's trust store; certificate validation stays on.
// Prints one JSON line with what it read back; any failure exits non-zero with the SDK's error.
import okta from '@okta/okta-sdk-nodejs';

const orgUrl = process.env.OKTA_CLIENT_ORGURL;
const token = process.env.OKTA_CLIENT_TOKEN;
const suffix = process.env.COMPAT_SUFFIX ?? `${Date.now()}`;
if (!orgUrl || !token) {
  console.error('OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN are required');
  process.exit(2);
}

const client = new okta.Client({ orgUrl, token });

async function collect(collection) {
  const items = [];
  await collection.each(item => { items.push(item); });
  return items;
}

try {
  const login = `sdk.user.${suffix}@example.com`;
  const user = await client.userApi.createUser({
    activate: true,
    body: {
      profile: { firstName: 'Sdk', lastName: 'User', email: login, login },
      credentials: { password: { value: 'Correct-Horse-42-battery' } },
    },
  });

  const group = await client.groupApi.createGroup({
    group: { profile: { name: `SDK Group ${suffix}`, description: 'Created by @okta/okta-sdk-nodejs' } },
  });
  await client.groupApi.assignUserToGroup({ groupId: group.id, userId: user.id });

  const app = await client.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label: `SDK App ${suffix}`,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
      settings: {
        oauthClient: {
          application_type: 'web',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: ['http://localhost:8080/authorization-code/callback'],
          post_logout_redirect_uris: ['http://localhost:8080'],
        },
      },
    },
  });
  await client.applicationApi.assignGroupToApplication({ appId: app.id, groupId: group.id, applicationGroupAssignment: {} });

  const readUser = await client.userApi.getUser({ userId: login });
  const readGroupMembers = await collect(await client.groupApi.listGroupUsers({ groupId: group.id }));
  const readApp = await client.applicationApi.getApplication({ appId: app.id });
  const readAssignments = await collect(await client.applicationApi.listApplicationGroupAssignments({ appId: app.id }));
  const foundGroups = await collect(await client.groupApi.listGroups({ q: `SDK Group ${suffix}` }));

  console.log(JSON.stringify({
    user: { id: readUser.id, status: readUser.status, login: readUser.profile.login },
    groupMembers: readGroupMembers.map(member => member.id),
    foundGroups: foundGroups.map(found => found.id),
    group: { id: group.id, name: group.profile.name },
    app: {
      id: readApp.id,
      label: readApp.label,
      status: readApp.status,
      signOnMode: readApp.signOnMode,
      clientId: readApp.credentials?.oauthClient?.client_id,
      redirectUris: readApp.settings?.oauthClient?.redirect_uris,
    },
    appGroupAssignments: readAssignments.map(assignment => assignment.id),
  }));
} catch (error) {
  console.error(`SDK call failed: ${error.status ?? ''} ${error.errorCode ?? ''} ${error.errorSummary ?? error.message}`);
  process.exit(1);
}
