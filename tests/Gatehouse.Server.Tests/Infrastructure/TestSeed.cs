namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>
/// The org every protocol test runs against. Its two web apps rotate refresh tokens (Okta's ROTATE, stated explicitly:
/// web apps default to STATIC); RefreshTokenRotationTests covers STATIC apps.
/// </summary>
public static class TestSeed
{
    public const string AlicePassword = "Wonderland-2026";
    public const string Alice = "alice@example.com";
    public const string BobPassword = "Hammer-Time-2026!";
    public const string Bob = "bob@example.com";

    public const string WebClientId = "0oawebapp000000000001";
    public const string WebClientSecret = "web-secret-0123456789abcdefghijklmnopqrs";
    public const string WebRedirectUri = "https://app.example.test/authorization-code/callback";
    public const string WebPostLogoutRedirectUri = "https://app.example.test/signout/callback";

    /// <summary>Assigned to the Engineering group only: Bob is not a member.</summary>
    public const string RestrictedClientId = "0oarestricted00000001";
    public const string RestrictedClientSecret = "restricted-secret-0123456789abcdefghijkl";

    public const string ServiceClientId = "0oaservice00000000001";
    public const string ServiceClientSecret = "service-secret-0123456789abcdefghijklmno";
    public const string CustomScope = "orders.read";

    /// <summary>Alice's token: she is a SUPER_ADMIN.</summary>
    public const string ApiToken = "00Tk1Xk8l2VbZ4hQ-test-api-token-value-0001";

    /// <summary>Bob's token: he is a READ_ONLY_ADMIN.</summary>
    public const string ReadOnlyApiToken = "00Tr3Ad0nLyBob-test-api-token-value-0002";

    public static string Json(string? extraRedirectUri = null, string? extraPostLogoutRedirectUri = null) => $$"""
    {
      "org": { "name": "Test Org" },
      "groups": [ { "name": "Engineering", "description": "Builders" } ],
      "users": [
        { "login": "{{Alice}}", "firstName": "Alice", "lastName": "Anders", "password": "{{AlicePassword}}",
          "locale": "en-US", "timeZone": "Europe/Berlin", "groups": [ "Engineering" ], "adminRoles": [ "SUPER_ADMIN" ] },
        { "login": "{{Bob}}", "email": "bob@example.com", "firstName": "Bob", "lastName": "Builder", "password": "{{BobPassword}}",
          "adminRoles": [ "READ_ONLY_ADMIN" ] }
      ],
      "authorizationServers": [
        { "id": "default", "scopes": [ { "name": "{{CustomScope}}", "description": "Read orders" } ] }
      ],
      "apps": [
        { "label": "Web App", "type": "web", "clientId": "{{WebClientId}}", "clientSecret": "{{WebClientSecret}}", "refreshTokenRotation": "ROTATE",
          "redirectUris": [ "{{WebRedirectUri}}"{{(extraRedirectUri is null ? "" : $", \"{extraRedirectUri}\"")}} ],
          "postLogoutRedirectUris": [ "{{WebPostLogoutRedirectUri}}"{{(extraPostLogoutRedirectUri is null ? "" : $", \"{extraPostLogoutRedirectUri}\"")}} ] },
        { "label": "Restricted App", "type": "web", "clientId": "{{RestrictedClientId}}", "clientSecret": "{{RestrictedClientSecret}}", "refreshTokenRotation": "ROTATE",
          "redirectUris": [ "{{WebRedirectUri}}" ], "groups": [ "Engineering" ] },
        { "label": "Worker", "type": "service", "clientId": "{{ServiceClientId}}", "clientSecret": "{{ServiceClientSecret}}",
          "scopes": [ "{{CustomScope}}" ] }
      ],
      "apiTokens": [
        { "name": "tests", "user": "{{Alice}}", "token": "{{ApiToken}}" },
        { "name": "read-only", "user": "{{Bob}}", "token": "{{ReadOnlyApiToken}}" }
      ]
    }
    """;
}
