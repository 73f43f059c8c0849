using Gatehouse.Core.ApiTokens;
using Gatehouse.Server.ManagementApi.Authentication;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.ApiTokens;

/// <summary>
/// Okta's API token routes: list, get and revoke (<c>/api/v1/api-tokens</c>, <c>DELETE …/current</c>). As in Okta,
/// a token is created only by an admin outside this API (seed file, <c>gatehouse register</c>) and its value is
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

    private static async Task<IResult> ListAsync(GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var active = await database.ApiTokens.AsNoTracking()
            .Where(token => token.Revoked == null)
            .OrderBy(token => token.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Json(active.Select(token => ToJson(token, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(string apiTokenId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken) =>
        await FindActiveAsync(database, apiTokenId, cancellationToken) is { } token
            ? TypedResults.Json(ToJson(token, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(apiTokenId, ResourceName);

    private static async Task<IResult> RevokeAsync(string apiTokenId, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindActiveAsync(database, apiTokenId, cancellationToken) is not { } token)
        {
            return ManagementErrors.NotFound(apiTokenId, ResourceName);
        }

        token.Revoked = clock.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Revokes the token this request was made with (a script signing itself out).</summary>
    private static Task<IResult> RevokeCurrentAsync(HttpContext http, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken) =>
        RevokeAsync(((ManagementCaller)http.Items[typeof(ManagementCaller)]!).TokenId, database, clock, cancellationToken);

    private static Task<ApiToken?> FindActiveAsync(GatehouseDbContext database, string id, CancellationToken cancellationToken) =>
        database.ApiTokens.SingleOrDefaultAsync(token => token.Id == id && token.Revoked == null, cancellationToken);

    /// <summary>Okta's token metadata; never the value nor its hash.</summary>
    private static object ToJson(ApiToken token, string origin) => new
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
