using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Server.ManagementApi.Authentication;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.Protocol.Cors;
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
    private const int MaxNameLength = 255;

    public static RouteGroupBuilder MapTrustedOriginsApi(this RouteGroupBuilder api)
    {
        var origins = api.MapGroup("/trustedOrigins");
        origins.MapGet("/", ListAsync);
        origins.MapPost("/", CreateAsync);
        origins.MapGet("/{trustedOriginId}", GetAsync);
        origins.MapPut("/{trustedOriginId}", ReplaceAsync);
        origins.MapDelete("/{trustedOriginId}", DeleteAsync);
        origins.MapPost("/{trustedOriginId}/lifecycle/activate", (string trustedOriginId, HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache, TimeProvider clock, CancellationToken cancellationToken) =>
            SetStatusAsync(trustedOriginId, TrustedOriginStatus.Active, http, database, issuers, cache, clock, cancellationToken));
        origins.MapPost("/{trustedOriginId}/lifecycle/deactivate", (string trustedOriginId, HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache, TimeProvider clock, CancellationToken cancellationToken) =>
            SetStatusAsync(trustedOriginId, TrustedOriginStatus.Inactive, http, database, issuers, cache, clock, cancellationToken));
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
        HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<TrustedOriginBody>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (valid, invalid) = await ValidateAsync(body!, null, database, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var admin = Caller(http);
        var origin = new TrustedOrigin
        {
            Name = valid.Name,
            Origin = valid.Origin,
            Cors = valid.Cors,
            Redirect = valid.Redirect,
            Created = now,
            CreatedBy = admin,
            LastUpdated = now,
            LastUpdatedBy = admin,
        };
        database.TrustedOrigins.Add(origin);
        return await SaveAsync(origin, database, issuers, cache, cancellationToken);
    }

    /// <summary>Okta's <c>PUT</c> replaces name, origin and scopes; the status changes only through the lifecycle routes.</summary>
    private static async Task<IResult> ReplaceAsync(
        string trustedOriginId, HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var origin = await database.TrustedOrigins.SingleOrDefaultAsync(candidate => candidate.Id == trustedOriginId, cancellationToken);
        if (origin is null)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<TrustedOriginBody>(http.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (valid, invalid) = await ValidateAsync(body!, trustedOriginId, database, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        origin.Name = valid.Name;
        origin.Origin = valid.Origin;
        origin.Cors = valid.Cors;
        origin.Redirect = valid.Redirect;
        origin.LastUpdated = clock.GetUtcNow();
        origin.LastUpdatedBy = Caller(http);
        return await SaveAsync(origin, database, issuers, cache, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(string trustedOriginId, GatehouseDbContext database, TrustedOriginCache cache, CancellationToken cancellationToken)
    {
        var origin = await database.TrustedOrigins.SingleOrDefaultAsync(candidate => candidate.Id == trustedOriginId, cancellationToken);
        if (origin is null)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        database.TrustedOrigins.Remove(origin);
        await database.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        return TypedResults.NoContent();
    }

    /// <summary>Activating an active origin (or deactivating an inactive one) changes nothing and answers the same object.</summary>
    private static async Task<IResult> SetStatusAsync(
        string trustedOriginId, TrustedOriginStatus status, HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var origin = await database.TrustedOrigins.SingleOrDefaultAsync(candidate => candidate.Id == trustedOriginId, cancellationToken);
        if (origin is null)
        {
            return ManagementErrors.NotFound(trustedOriginId, TrustedOriginResource.ResourceName);
        }

        if (origin.Status != status)
        {
            origin.Status = status;
            origin.LastUpdated = clock.GetUtcNow();
            origin.LastUpdatedBy = Caller(http);
        }

        return await SaveAsync(origin, database, issuers, cache, cancellationToken);
    }

    private static async Task<IResult> SaveAsync(
        TrustedOrigin origin, GatehouseDbContext database, IssuerRegistry issuers, TrustedOriginCache cache, CancellationToken cancellationToken)
    {
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins adding the same origin at once: the unique index refuses the second, with the same error
            // the check in ValidateAsync gives.
            return DuplicateOrigin();
        }

        cache.Invalidate();
        return TypedResults.Json(TrustedOriginResource.ToJson(origin, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>E0000001 with one cause per problem, as Okta: <c>"{field}: {message}"</c>.</summary>
    private static async Task<(ValidBody Valid, IResult? Error)> ValidateAsync(
        TrustedOriginBody body, string? trustedOriginId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var causes = new List<string>();
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            causes.Add("name: The field cannot be left blank");
        }
        else if (name.Length > MaxNameLength)
        {
            causes.Add($"name: The field cannot exceed {MaxNameLength} characters");
        }

        var origin = WebOrigin.TryNormalize(body.Origin, out var problem);
        if (origin is null)
        {
            causes.Add("origin: " + problem);
        }
        else if (await database.TrustedOrigins.AnyAsync(candidate => candidate.Id != trustedOriginId && candidate.Origin == origin, cancellationToken))
        {
            causes.Add("origin: An object with this field already exists in the current organization");
        }

        var types = body.Scopes?.Select(scope => scope?.Type).ToList() ?? [];
        if (types.Count == 0)
        {
            causes.Add("scopes: The field cannot be left blank");
        }

        foreach (var type in types.Where(type => type is not (TrustedOriginResource.CorsScope or TrustedOriginResource.RedirectScope)).Distinct())
        {
            causes.Add($"scopes: Invalid scope type: {type ?? "null"}. Valid types are CORS and REDIRECT");
        }

        var valid = new ValidBody(name ?? string.Empty, origin ?? string.Empty,
            types.Contains(TrustedOriginResource.CorsScope), types.Contains(TrustedOriginResource.RedirectScope));
        return causes.Count == 0 ? (valid, null) : (valid, ManagementErrors.Validation(causes[0].Split(':')[0], causes));
    }

    private static IResult DuplicateOrigin() =>
        ManagementErrors.Validation("origin", "origin: An object with this field already exists in the current organization");

    private static string? Caller(HttpContext http) => (http.Items[typeof(ManagementCaller)] as ManagementCaller)?.UserId;

    private sealed record ValidBody(string Name, string Origin, bool Cors, bool Redirect);
}
