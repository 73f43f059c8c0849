using System.Security.Cryptography;
using System.Text;

using Gatehouse.Core.Identifiers;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// Client secret rotation (Okta's <c>/apps/{id}/credentials/secrets</c>): at most two secrets, any ACTIVE one is
/// accepted at the token endpoint, a deactivated one is refused, only an INACTIVE one can be deleted, and the last
/// active one cannot be deactivated (the app would be locked out). Reading secrets needs a super admin.
/// </summary>
internal static class AppSecretsEndpoints
{
    private const string SecretResourceName = "OAuth2ClientSecret";

    public static RouteGroupBuilder MapAppSecretsApi(this RouteGroupBuilder apps)
    {
        apps.MapGet("/{appId}/credentials/secrets", ListAsync);
        apps.MapPost("/{appId}/credentials/secrets", CreateAsync);
        apps.MapGet("/{appId}/credentials/secrets/{secretId}", GetAsync);
        apps.MapPost("/{appId}/credentials/secrets/{secretId}/lifecycle/activate", (string appId, string secretId, OidcAppStore store, IssuerRegistry issuers, TimeProvider time, CancellationToken cancellationToken) =>
            SetStatusAsync(appId, secretId, OidcApp.ActiveStatus, store, issuers, time, cancellationToken));
        apps.MapPost("/{appId}/credentials/secrets/{secretId}/lifecycle/deactivate", (string appId, string secretId, OidcAppStore store, IssuerRegistry issuers, TimeProvider time, CancellationToken cancellationToken) =>
            SetStatusAsync(appId, secretId, OidcApp.InactiveStatus, store, issuers, time, cancellationToken));
        apps.MapDelete("/{appId}/credentials/secrets/{secretId}", DeleteAsync);
        return apps;
    }

    private static async Task<IResult> ListAsync(
        string appId, HttpContext http, OidcAppStore store, UserManager<GatehouseUser> users, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!await AdminAccess.MayReadSecretsAsync(http, users))
        {
            return ManagementErrors.Forbidden();
        }

        return await store.FindAsync(appId, cancellationToken) is { } app
            ? TypedResults.Json(app.Secrets.Select(secret => ToJson(store, app, secret, issuers.Origin)), ManagementJson.Options)
            : ManagementErrors.NotFound(appId, AppResource.ResourceName);
    }

    private static async Task<IResult> GetAsync(
        string appId, string secretId, HttpContext http, OidcAppStore store, UserManager<GatehouseUser> users, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!await AdminAccess.MayReadSecretsAsync(http, users))
        {
            return ManagementErrors.Forbidden();
        }

        var (app, secret, notFound) = await FindAsync(appId, secretId, store, cancellationToken);
        return notFound ?? TypedResults.Json(ToJson(store, app!, secret!, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Okta's body is optional: <c>{client_secret?, status?}</c>; without a secret one is generated.</summary>
    private static async Task<IResult> CreateAsync(
        string appId, HttpRequest request, OidcAppStore store, AppService apps, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        var body = new SecretBody();
        if (request.ContentLength is not 0)
        {
            (var read, var error) = await ManagementJson.ReadBodyAsync<SecretBody>(request, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            body = read!;
        }

        var (secret, cause) = await apps.AddSecretAsync(app, body.ClientSecret, body.Status, cancellationToken);
        if (cause is not null)
        {
            return ManagementErrors.Validation(cause.Split(':')[0], cause);
        }

        return TypedResults.Json(ToJson(store, app, secret!, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> SetStatusAsync(
        string appId, string secretId, string status, OidcAppStore store, IssuerRegistry issuers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (app, secret, notFound) = await FindAsync(appId, secretId, store, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        if (secret!.Status != status)
        {
            if (status == OidcApp.InactiveStatus && !app!.Secrets.Any(other => other.Id != secretId && other.IsActive))
            {
                return ManagementErrors.Validation("client_secret", "client_secret: The only active client secret cannot be deactivated; add another one first");
            }

            secret = secret with { Status = status, LastUpdated = timeProvider.GetUtcNow() };
            app!.Secrets[app.Secrets.FindIndex(candidate => candidate.Id == secretId)] = secret;
            await store.SaveAsync(app, cancellationToken);
        }

        return TypedResults.Json(ToJson(store, app!, secret, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string appId, string secretId, OidcAppStore store, CancellationToken cancellationToken)
    {
        var (app, secret, notFound) = await FindAsync(appId, secretId, store, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        if (secret!.IsActive)
        {
            return ManagementErrors.Validation("client_secret", "client_secret: Only an INACTIVE client secret can be deleted; deactivate it first");
        }

        app!.Secrets.RemoveAll(candidate => candidate.Id == secretId);
        await store.SaveAsync(app, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<(OidcApp? App, StoredClientSecret? Secret, IResult? NotFound)> FindAsync(
        string appId, string secretId, OidcAppStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return (null, null, ManagementErrors.NotFound(appId, AppResource.ResourceName));
        }

        return app.Secrets.Find(secret => secret.Id == secretId) is { } found
            ? (app, found, null)
            : (app, null, ManagementErrors.NotFound(secretId, SecretResourceName));
    }

    /// <summary>
    /// Okta's secret object. <c>secret_hash</c> lets an admin tell secrets apart without showing them; it is derived
    /// from the stored keyed hash, so it reveals nothing a fast hash of the secret would.
    /// </summary>
    private static object ToJson(OidcAppStore store, OidcApp app, StoredClientSecret secret, string origin)
    {
        var self = $"{origin}/api/v1/apps/{app.Id}/credentials/secrets/{secret.Id}";
        var links = new Dictionary<string, object>
        {
            [secret.IsActive ? "deactivate" : "activate"] = new
            {
                href = self + (secret.IsActive ? "/lifecycle/deactivate" : "/lifecycle/activate"),
                hints = new { allow = new[] { "POST" } },
            },
        };
        if (!secret.IsActive)
        {
            links["delete"] = new { href = self, hints = new { allow = new[] { "DELETE" } } };
        }

        return new
        {
            id = secret.Id,
            status = secret.Status,
            client_secret = store.Reveal(secret),
            secret_hash = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Hash))[..16]),
            created = secret.Created,
            lastUpdated = secret.LastUpdated,
            _links = links,
        };
    }

    /// <summary><c>GET /api/v1/internal/apps/{id}/settings/clientcreds</c>: what the Okta CLI reads after creating an app.</summary>
    public static RouteGroupBuilder MapClientCredentialsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/internal/apps/{appId}/settings/clientcreds", async (
            string appId, HttpContext http, OidcAppStore store, UserManager<GatehouseUser> users, CancellationToken cancellationToken) =>
        {
            if (!await AdminAccess.MayReadSecretsAsync(http, users))
            {
                return ManagementErrors.Forbidden();
            }

            if (await store.FindAsync(appId, cancellationToken) is not { } app)
            {
                return ManagementErrors.NotFound(appId, AppResource.ResourceName);
            }

            var secret = AppsEndpoints.CurrentSecret(store, app);
            object body = secret is null ? new { client_id = app.ClientId } : new { client_id = app.ClientId, client_secret = secret };
            return TypedResults.Json(body, ManagementJson.Options);
        });
        return api;
    }
}

/// <summary>The optional body of <c>POST /apps/{id}/credentials/secrets</c>.</summary>
internal sealed class SecretBody
{
    [System.Text.Json.Serialization.JsonPropertyName("client_secret")]
    public string? ClientSecret { get; set; }

    public string? Status { get; set; }
}
