using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Server.ManagementApi.Authentication;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.TrustedOrigins;

/// <summary>
/// <c>/api/v1/trustedOrigins</c>: create, get, replace, delete, list and the activate/deactivate lifecycle, as Okta's
/// Trusted Origins API. Every change drops the CORS cache of this node, so it applies to the next request.
/// </summary>
internal static class TrustedOriginsEndpoints
{
    public static RouteGroupBuilder MapTrustedOriginsApi(this RouteGroupBuilder api)
    {
        var origins = api.MapGroup("/trustedOrigins");
        origins.MapGet("/", ListAsync);
        origins.MapPost("/", CreateAsync);
        origins.MapGet("/{trustedOriginId}", GetAsync);
        origins.MapPut("/{trustedOriginId}", ReplaceAsync);
        origins.MapDelete("/{trustedOriginId}", DeleteAsync);
        origins.MapPost("/{trustedOriginId}/lifecycle/activate", (string trustedOriginId, HttpContext http, TrustedOriginService service, IssuerRegistry issuers, CancellationToken cancellationToken) =>
            SetStatusAsync(trustedOriginId, TrustedOriginStatus.Active, http, service, issuers, cancellationToken));
        origins.MapPost("/{trustedOriginId}/lifecycle/deactivate", (string trustedOriginId, HttpContext http, TrustedOriginService service, IssuerRegistry issuers, CancellationToken cancellationToken) =>
            SetStatusAsync(trustedOriginId, TrustedOriginStatus.Inactive, http, service, issuers, cancellationToken));
        return api;
    }

    /// <summary><c>q</c> is a case-insensitive prefix of the name or the origin; <c>filter</c> (or <c>search</c>) a SCIM-like expression.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var query = database.TrustedOrigins.AsNoTracking();
        if (http.Request.Query["q"].ToString() is { Length: > 0 } prefix)
        {
            var pattern = prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(origin => EF.Functions.Like(origin.Name, pattern, "\\") || EF.Functions.Like(origin.Origin, pattern, "\\"));
        }

        var filter = http.Request.Query["filter"].ToString() is { Length: > 0 } text ? text : http.Request.Query["search"].ToString();
        if (filter.Length > 0)
        {
            if (SearchExpression.TryParse(filter, TrustedOriginResource.SearchAttributes) is not { } predicate)
            {
                return ManagementErrors.InvalidSearch();
            }

            query = query.Where(predicate);
        }

        var fetched = await page.Apply(query, origin => origin.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, origin => origin.Id, http, issuers.Origin);
        return TypedResults.Json(results.Select(origin => TrustedOriginResource.ToJson(origin, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(string trustedOriginId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken) =>
        await database.TrustedOrigins.AsNoTracking().SingleOrDefaultAsync(origin => origin.Id == trustedOriginId, cancellationToken) is { } found
            ? TypedResults.Json(TrustedOriginResource.ToJson(found, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);

    private static async Task<IResult> CreateAsync(
        HttpContext http, TrustedOriginService origins, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<TrustedOriginBody>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (origin, causes) = await origins.CreateAsync(body!, Caller(http), cancellationToken);
        return Answer(origin, causes, issuers);
    }

    /// <summary>Okta's <c>PUT</c> replaces name, origin and scopes; the status changes only through the lifecycle routes.</summary>
    private static async Task<IResult> ReplaceAsync(
        string trustedOriginId, HttpContext http, TrustedOriginService origins, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await origins.FindAsync(trustedOriginId, cancellationToken) is not { } origin)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<TrustedOriginBody>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return Answer(origin, await origins.ReplaceAsync(origin, body!, Caller(http), cancellationToken), issuers);
    }

    private static async Task<IResult> DeleteAsync(string trustedOriginId, TrustedOriginService origins, CancellationToken cancellationToken)
    {
        if (await origins.FindAsync(trustedOriginId, cancellationToken) is not { } origin)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        await origins.DeleteAsync(origin, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Activating an active origin (or deactivating an inactive one) changes nothing and answers the same object.</summary>
    private static async Task<IResult> SetStatusAsync(
        string trustedOriginId, TrustedOriginStatus status, HttpContext http, TrustedOriginService origins, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (await origins.FindAsync(trustedOriginId, cancellationToken) is not { } origin)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        await origins.SetStatusAsync(origin, status, Caller(http), cancellationToken);
        return TypedResults.Json(TrustedOriginResource.ToJson(origin, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>E0000001 with one cause per problem, as Okta: <c>"{field}: {message}"</c>.</summary>
    private static IResult Answer(TrustedOrigin origin, List<string> causes, IssuerRegistry issuers) =>
        causes.Count == 0
            ? TypedResults.Json(TrustedOriginResource.ToJson(origin, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.Validation(causes[0].Split(':')[0], causes);

    private static string? Caller(HttpContext http) => (http.Items[typeof(ManagementCaller)] as ManagementCaller)?.UserId;
}
