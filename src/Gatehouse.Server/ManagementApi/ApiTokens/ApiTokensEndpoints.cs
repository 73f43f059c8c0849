using Gatehouse.Core.ApiTokens;
using Gatehouse.Server.ManagementApi.Authentication;
using Gatehouse.Server.Protocol.Issuers;

namespace Gatehouse.Server.ManagementApi.ApiTokens;

/// <summary>
/// Okta's API token routes: list, get and revoke (<c>/api/v1/api-tokens</c>, <c>DELETE …/current</c>). As in Okta,
/// a token is created only by an admin outside this API (seed file, <c>gatehouse register</c>, the admin console — <see cref="ApiTokenService"/>) and its value is
/// never returned again: only its metadata. A revoked token is refused at once (E0000011).
/// </summary>
internal static class ApiTokensEndpoints
{
    private const string ResourceName = "ApiToken";

    public static RouteGroupBuilder MapApiTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/api-tokens");
        tokens.MapGet("/", ListAsync);
        tokens.MapGet("/{apiTokenId}", GetAsync);
        tokens.MapDelete("/current", RevokeCurrentAsync);
        tokens.MapDelete("/{apiTokenId}", RevokeAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(ApiTokenService tokens, IssuerRegistry issuers, CancellationToken cancellationToken) =>
        TypedResults.Json((await tokens.ListActiveAsync(cancellationToken)).Select(token => ToJson(token, issuers.Origin)), ManagementJson.Options);

    private static async Task<IResult> GetAsync(string apiTokenId, ApiTokenService tokens, IssuerRegistry issuers, CancellationToken cancellationToken) =>
        await tokens.FindActiveAsync(apiTokenId, cancellationToken) is { } token
            ? TypedResults.Json(ToJson(token, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(apiTokenId, ResourceName);

    private static async Task<IResult> RevokeAsync(string apiTokenId, ApiTokenService tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(apiTokenId, cancellationToken) ? TypedResults.NoContent() : ManagementErrors.NotFound(apiTokenId, ResourceName);

    /// <summary>Revokes the token this request was made with (a script signing itself out).</summary>
    private static Task<IResult> RevokeCurrentAsync(HttpContext http, ApiTokenService tokens, CancellationToken cancellationToken) =>
        RevokeAsync(((ManagementCaller)http.Items[typeof(ManagementCaller)]!).TokenId, tokens, cancellationToken);

    /// <summary>Okta's token metadata; never the value nor its hash.</summary>
    internal static object ToJson(ApiToken token, string origin) => new
    {
        id = token.Id,
        name = token.Name,
        userId = token.UserId,
        clientName = "Okta API",
        created = token.Created,
        lastUpdated = token.LastUsed ?? token.Created,
        lastUsed = token.LastUsed,
        _links = new
        {
            self = new { href = $"{origin}/api/v1/api-tokens/{token.Id}" },
            user = new { href = $"{origin}/api/v1/users/{token.UserId}" },
        },
    };
}
