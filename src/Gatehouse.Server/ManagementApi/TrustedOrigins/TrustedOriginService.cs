using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Server.Protocol.Cors;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.TrustedOrigins;

/// <summary>
/// The rules for trusted origins, shared by <c>/api/v1/trustedOrigins</c> and the admin console (one code path per
/// rule): Okta's validation (one <c>field: message</c> cause per problem), unique origins, and a dropped CORS cache
/// after every change so that it applies to the next request.
/// </summary>
internal sealed class TrustedOriginService(GatehouseDbContext database, TrustedOriginCache cache, TimeProvider clock)
{
    public const int MaxNameLength = 255;
    public const string DuplicateOrigin = "origin: An object with this field already exists in the current organization";

    public async Task<(TrustedOrigin Origin, List<string> Causes)> CreateAsync(TrustedOriginBody body, string? adminId, CancellationToken cancellationToken)
    {
        var (valid, causes) = await ValidateAsync(body, null, cancellationToken);
        var now = clock.GetUtcNow();
        var origin = new TrustedOrigin
        {
            Name = valid.Name,
            Origin = valid.Origin,
            Cors = valid.Cors,
            Redirect = valid.Redirect,
            Created = now,
            CreatedBy = adminId,
            LastUpdated = now,
            LastUpdatedBy = adminId,
        };
        if (causes.Count > 0)
        {
            return (origin, causes);
        }

        database.TrustedOrigins.Add(origin);
        return (origin, await SaveAsync(cancellationToken));
    }

    /// <summary>Okta's <c>PUT</c> replaces name, origin and scopes; the status changes only through <see cref="SetStatusAsync"/>.</summary>
    public async Task<List<string>> ReplaceAsync(TrustedOrigin origin, TrustedOriginBody body, string? adminId, CancellationToken cancellationToken)
    {
        var (valid, causes) = await ValidateAsync(body, origin.Id, cancellationToken);
        if (causes.Count > 0)
        {
            return causes;
        }

        origin.Name = valid.Name;
        origin.Origin = valid.Origin;
        origin.Cors = valid.Cors;
        origin.Redirect = valid.Redirect;
        origin.LastUpdated = clock.GetUtcNow();
        origin.LastUpdatedBy = adminId;
        return await SaveAsync(cancellationToken);
    }

    /// <summary>Activating an active origin (or deactivating an inactive one) changes nothing.</summary>
    public async Task SetStatusAsync(TrustedOrigin origin, TrustedOriginStatus status, string? adminId, CancellationToken cancellationToken)
    {
        if (origin.Status != status)
        {
            origin.Status = status;
            origin.LastUpdated = clock.GetUtcNow();
            origin.LastUpdatedBy = adminId;
        }

        await SaveAsync(cancellationToken);
    }

    public async Task DeleteAsync(TrustedOrigin origin, CancellationToken cancellationToken)
    {
        database.TrustedOrigins.Remove(origin);
        await database.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
    }

    public Task<TrustedOrigin?> FindAsync(string id, CancellationToken cancellationToken) =>
        database.TrustedOrigins.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken);

    private async Task<List<string>> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins adding the same origin at once: the unique index refuses the second, with the same error
            // the check in ValidateAsync gives.
            return [DuplicateOrigin];
        }

        cache.Invalidate();
        return [];
    }

    private async Task<(ValidBody Valid, List<string> Causes)> ValidateAsync(TrustedOriginBody body, string? trustedOriginId, CancellationToken cancellationToken)
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
            causes.Add(DuplicateOrigin);
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
        return (valid, causes);
    }

    private sealed record ValidBody(string Name, string Origin, bool Cors, bool Redirect);
}
