using Gatehouse.Core.Groups;
using Gatehouse.Server.Identity;
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
        HttpRequest request, GroupService service, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (body, error) = await ManagementJson.ReadBodyAsync<GroupBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (group, causes) = await service.CreateAsync(body!.Profile?.Name, body.Profile?.Description, cancellationToken);
        return group is null ? Invalid(causes) : TypedResults.Json(GroupResource.ToJson(group, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Okta's <c>PUT</c> replaces the whole profile: a description left out is cleared.</summary>
    private static async Task<IResult> ReplaceAsync(
        string groupId, HttpRequest request, GatehouseDbContext database, GroupService service, IssuerRegistry issuers, CancellationToken cancellationToken)
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
        if (error is not null)
        {
            return error;
        }

        var change = await service.ReplaceAsync(group, body!.Profile?.Name, body.Profile?.Description, cancellationToken);
        return change.BuiltIn ? ManagementErrors.Forbidden()
            : change.Causes.Count > 0 ? Invalid(change.Causes)
            : TypedResults.Json(GroupResource.ToJson(group, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Memberships and app assignments go with the group (cascading foreign keys).</summary>
    private static async Task<IResult> DeleteAsync(string groupId, GatehouseDbContext database, GroupService service, CancellationToken cancellationToken)
    {
        var group = await database.Groups.SingleOrDefaultAsync(candidate => candidate.Id == groupId, cancellationToken);
        if (group is null)
        {
            return ManagementErrors.NotFound(groupId, GroupResource.ResourceName);
        }

        return (await service.DeleteAsync(group, cancellationToken)).BuiltIn ? ManagementErrors.Forbidden() : TypedResults.NoContent();
    }

    /// <summary>E0000001 with one cause per problem.</summary>
    private static IResult Invalid(List<string> causes) => ManagementErrors.Validation(causes[0].Split(':')[0], causes);
}
