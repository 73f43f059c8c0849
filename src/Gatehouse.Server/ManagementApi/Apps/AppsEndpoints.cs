using System.Linq.Expressions;

using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// <c>/api/v1/apps</c>: create, get, replace and list OIDC apps (okta-reference.md §3). Apps are few, so they are
/// listed, searched and paged in memory from OpenIddict's store. Lifecycle and delete are in
/// <see cref="AppLifecycleEndpoints"/>, secrets in <see cref="AppSecretsEndpoints"/>, assignments in
/// <see cref="AppGroupsEndpoints"/> and <see cref="AppUsersEndpoints"/>.
/// </summary>
internal static class AppsEndpoints
{
    /// <summary>What <c>filter</c> may name (Okta: <c>status eq "ACTIVE"</c>, <c>name eq "oidc_client"</c>).</summary>
    private static readonly IReadOnlyDictionary<string, Expression<Func<OidcApp, string?>>> FilterAttributes =
        new Dictionary<string, Expression<Func<OidcApp, string?>>>(StringComparer.Ordinal)
        {
            ["id"] = app => app.Id,
            ["status"] = app => app.Status,
            ["name"] = app => AppValidator.AppName,
            ["label"] = app => app.Label,
            ["credentials.oauthClient.client_id"] = app => app.ClientId,
        };

    public static RouteGroupBuilder MapAppsApi(this RouteGroupBuilder api)
    {
        var apps = api.MapGroup("/apps");
        apps.MapGet("/", ListAsync);
        apps.MapPost("/", CreateAsync);
        apps.MapGet("/{appId}", GetAsync);
        apps.MapPut("/{appId}", ReplaceAsync);
        apps.MapAppLifecycleApi();
        apps.MapAppSecretsApi();
        apps.MapAppGroupsApi();
        apps.MapAppUsersApi();
        api.MapClientCredentialsApi();
        return api;
    }

    /// <summary><c>q</c>: a case-insensitive prefix of the label or name; <c>filter</c>: a SCIM-like expression.</summary>
    private static async Task<IResult> ListAsync(
        HttpContext http, OidcAppStore store, UserManager<GatehouseUser> users, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        IEnumerable<OidcApp> apps = await store.ListAsync(cancellationToken);
        if (http.Request.Query["q"].ToString() is { Length: > 0 } prefix)
        {
            apps = apps.Where(app => app.Label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                || AppValidator.AppName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }

        var filter = http.Request.Query["filter"].ToString() is { Length: > 0 } text ? text : http.Request.Query["search"].ToString();
        if (filter.Length > 0)
        {
            if (SearchExpression.TryParse(filter, FilterAttributes) is not { } predicate)
            {
                return ManagementErrors.InvalidSearch();
            }

            apps = apps.Where(predicate.Compile());
        }

        var results = page.Complete(page.Apply(apps, app => app.Id), app => app.Id, http, issuers.Origin);
        var mayReadSecrets = await AdminAccess.MayReadSecretsAsync(http, users);
        return TypedResults.Json(results.Select(app => AppResource.ToJson(app, issuers.Origin, mayReadSecrets ? CurrentSecret(store, app) : null)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string appId, HttpContext http, OidcAppStore store, UserManager<GatehouseUser> users, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        var secret = await AdminAccess.MayReadSecretsAsync(http, users) ? CurrentSecret(store, app) : null;
        return TypedResults.Json(AppResource.ToJson(app, issuers.Origin, secret), ManagementJson.Options);
    }

    /// <summary>
    /// <c>activate</c> (default true): false creates the app INACTIVE. The rules and defaults are <see cref="AppService.CreateAsync"/>'s.
    /// </summary>
    private static async Task<IResult> CreateAsync(
        HttpRequest request, AppService apps, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var activateText = request.Query["activate"].ToString();
        if (activateText.Length > 0 && !bool.TryParse(activateText, out _))
        {
            return ManagementErrors.Validation("activate", "activate: must be true or false");
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<AppBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (app, secret, causes) = await apps.CreateAsync(body!, activateText.Length == 0 || bool.Parse(activateText), cancellationToken);
        return causes.Count > 0
            ? ManagementErrors.Validation(causes[0].Split(':')[0], causes)
            : TypedResults.Json(AppResource.ToJson(app, issuers.Origin, secret), ManagementJson.Options);
    }

    /// <summary>Okta's full update: the body replaces label and settings; the app type and client id cannot change.</summary>
    private static async Task<IResult> ReplaceAsync(
        string appId, HttpContext http, OidcAppStore store, AppService apps, UserManager<GatehouseUser> users, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(appId, cancellationToken) is not { } app)
        {
            return ManagementErrors.NotFound(appId, AppResource.ResourceName);
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<AppBody>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (await apps.ReplaceAsync(app, body!, cancellationToken) is { Count: > 0 } causes)
        {
            return ManagementErrors.Validation(causes[0].Split(':')[0], causes);
        }

        var secret = await AdminAccess.MayReadSecretsAsync(http, users) ? CurrentSecret(store, app) : null;
        return TypedResults.Json(AppResource.ToJson(app, issuers.Origin, secret), ManagementJson.Options);
    }

    /// <summary>The secret Okta shows on the app: the newest active one; none for public clients.</summary>
    public static string? CurrentSecret(OidcAppStore store, OidcApp app) =>
        app.IsPublic ? null : app.Secrets.LastOrDefault(secret => secret.IsActive) is { } newest ? store.Reveal(newest) : null;
}
