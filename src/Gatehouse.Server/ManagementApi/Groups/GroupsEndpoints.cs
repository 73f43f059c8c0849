using Gatehouse.Core.Groups;
using Gatehouse.Server.ManagementApi.Paging;
using Gatehouse.Server.ManagementApi.Search;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Groups;

/// <summary>
/// <c>/api/v1/groups</c>: create, get, replace, delete, list and search groups (okta-reference.md §3). The
/// built-in Everyone group cannot be changed or deleted.
/// </summary>
internal static class GroupsEndpoints
{
    private const int MaxNameLength = 255;
    private const int MaxDescriptionLength = 1024;

    public static RouteGroupBuilder MapGroupsApi(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups");
        groups.MapGet("/", ListAsync);
        groups.MapPost("/", CreateAsync);
        groups.MapGet("/{groupId}", GetAsync);
        groups.MapPut("/{groupId}", ReplaceAsync);
        groups.MapDelete("/{groupId}", DeleteAsync);
        groups.MapGroupMembersApi();
        return api;
    }

    /// <summary><c>q</c> is a case-insensitive name prefix; <c>search</c> (or the older <c>filter</c>) a SCIM-like expression.</summary>
    private static async Task<IResult> ListAsync(HttpContext http, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(http.Request, out var page, out var error))
        {
            return error!;
        }

        var query = database.Groups.AsNoTracking();
        if (http.Request.Query["q"].ToString() is { Length: > 0 } prefix)
        {
            var pattern = prefix.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(group => EF.Functions.Like(group.Name, pattern, "\\"));
        }

        var search = http.Request.Query["search"].ToString() is { Length: > 0 } text ? text : http.Request.Query["filter"].ToString();
        if (search.Length > 0)
        {
            if (SearchExpression.TryParse(search, GroupResource.SearchAttributes) is not { } predicate)
            {
                return ManagementErrors.InvalidSearch();
            }

            query = query.Where(predicate);
        }

        var fetched = await page.Apply(query, group => group.Id).ToListAsync(cancellationToken);
        var results = page.Complete(fetched, group => group.Id, http, issuers.Origin);
        return TypedResults.Json(results.Select(group => GroupResource.ToJson(group, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(string groupId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken) =>
        await database.Groups.AsNoTracking().SingleOrDefaultAsync(group => group.Id == groupId, cancellationToken) is { } group
            ? TypedResults.Json(GroupResource.ToJson(group, issuers.Origin), ManagementJson.Options)
            : ManagementErrors.NotFound(groupId, GroupResource.ResourceName);

    private static async Task<IResult> CreateAsync(
        HttpRequest request, GatehouseDbContext database, IssuerRegistry issuers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<GroupBody>(request, cancellationToken);
        if ((error ?? await ValidateAsync(body!, null, database, cancellationToken)) is { } invalid)
        {
            return invalid;
        }

        var now = timeProvider.GetUtcNow();
        var group = new Group
        {
            Name = body!.Profile!.Name!.Trim(),
            Description = body.Profile.Description,
            Created = now,
            LastUpdated = now,
            LastMembershipUpdated = now,
        };
        database.Groups.Add(group);
        await database.SaveChangesAsync(cancellationToken);
        return TypedResults.Json(GroupResource.ToJson(group, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Okta's <c>PUT</c> replaces the whole profile: a description left out is cleared.</summary>
    private static async Task<IResult> ReplaceAsync(
        string groupId, HttpRequest request, GatehouseDbContext database, IssuerRegistry issuers, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var group = await database.Groups.SingleOrDefaultAsync(candidate => candidate.Id == groupId, cancellationToken);
        if (group is null)
        {
            return ManagementErrors.NotFound(groupId, GroupResource.ResourceName);
        }

        if (group.Type == GroupType.BuiltIn)
        {
            return ManagementErrors.Forbidden();
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<GroupBody>(request, cancellationToken);
        if ((error ?? await ValidateAsync(body!, groupId, database, cancellationToken)) is { } invalid)
        {
            return invalid;
        }

        group.Name = body!.Profile!.Name!.Trim();
        group.Description = body.Profile.Description;
        group.LastUpdated = timeProvider.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        return TypedResults.Json(GroupResource.ToJson(group, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Memberships and app assignments go with the group (cascading foreign keys).</summary>
    private static async Task<IResult> DeleteAsync(string groupId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var group = await database.Groups.SingleOrDefaultAsync(candidate => candidate.Id == groupId, cancellationToken);
        if (group is null)
        {
            return ManagementErrors.NotFound(groupId, GroupResource.ResourceName);
        }

        if (group.Type == GroupType.BuiltIn)
        {
            return ManagementErrors.Forbidden();
        }

        database.Groups.Remove(group);
        await database.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>E0000001 with one cause per problem; names are unique in the org regardless of case.</summary>
    private static async Task<IResult?> ValidateAsync(GroupBody body, string? groupId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var name = body.Profile?.Name?.Trim();
        var causes = new List<string>();
        if (string.IsNullOrEmpty(name))
        {
            causes.Add("name: The field cannot be left blank");
        }
        else if (name.Length > MaxNameLength)
        {
            causes.Add($"name: The field cannot exceed {MaxNameLength} characters");
        }
        else
        {
            // SQLite's NOCASE collation: ASCII case-insensitive, as the name search is.
            if (await database.Groups.AnyAsync(group => group.Id != groupId && EF.Functions.Collate(group.Name, "NOCASE") == name, cancellationToken))
            {
                causes.Add("name: An object with this field already exists in the current organization");
            }
        }

        if (body.Profile?.Description is { Length: > MaxDescriptionLength })
        {
            causes.Add($"description: The field cannot exceed {MaxDescriptionLength} characters");
        }

        return causes.Count == 0 ? null : ManagementErrors.Validation(causes[0].Split(':')[0], causes);
    }
}
