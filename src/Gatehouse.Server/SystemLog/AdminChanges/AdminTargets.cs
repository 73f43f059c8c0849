using System.Text.Json;

using Gatehouse.Core.Users;
using Gatehouse.Server.ManagementApi;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.SystemLog.AdminChanges;

/// <summary>
/// The targets of an admin change: the objects the route names (<c>/groups/{g}/users/{u}</c> → a UserGroup and a User)
/// and, for a POST to a collection, the object created (the <c>id</c> of the response). Users, groups and apps get
/// Okta's <c>alternateId</c> and <c>displayName</c>; a user addressed by login is recorded under its id.
/// </summary>
internal sealed class AdminTargets(GatehouseDbContext database, UserManager<GatehouseUser> users, IOpenIddictApplicationManager applications)
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["users"] = "User",
        ["groups"] = "UserGroup",
        ["apps"] = "AppInstance",
        ["authorizationServers"] = "AuthorizationServer",
        // Okta's System Log names a policy target "PolicyEntity" (its rules "PolicyRule"), not the API's "Policy".
        ["policies"] = "PolicyEntity",
        ["rules"] = "PolicyRule",
        ["trustedOrigins"] = "TrustedOrigin",
        ["secrets"] = "ClientSecret",
        ["api-tokens"] = "Token",
    };

    /// <summary>The objects named by the route, described before the change (a deleted user still has a login).</summary>
    public async Task<List<LogEntity>> FromRouteAsync(RouteShape shape, CancellationToken cancellationToken)
    {
        var targets = new List<LogEntity>();
        foreach (var (collection, id) in shape.Ids)
        {
            targets.Add(await DescribeAsync(TypeOf(collection), id, cancellationToken));
        }

        return targets;
    }

    /// <summary>A POST to a collection creates (or assigns) the object the response describes; null otherwise.</summary>
    public async Task<LogEntity?> CreatedAsync(RouteShape shape, string method, object? result, CancellationToken cancellationToken) =>
        HttpMethods.IsPost(method) && shape.LastCollection is { } collection && IdOf(result) is { } id
            ? await DescribeAsync(TypeOf(collection), id, cancellationToken)
            : null;

    private static string TypeOf(string collection) => Types.TryGetValue(collection, out var type) ? type : collection;

    /// <summary>The <c>id</c> of a JSON result, whatever type the endpoint answered with.</summary>
    private static string? IdOf(object? result)
    {
        if (result is not IValueHttpResult { Value: { } value })
        {
            return null;
        }

        var element = value is JsonElement json ? json : JsonSerializer.SerializeToElement(value, value.GetType(), ManagementJson.Options);
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    private async Task<LogEntity> DescribeAsync(string type, string id, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "User" when (await users.FindByIdAsync(id) ?? await users.FindByNameAsync(id)) is { } user:
                return SystemLogRecorder.UserEntity(user);
            case "UserGroup" when await database.Groups.AsNoTracking().Where(group => group.Id == id).Select(group => group.Name).SingleOrDefaultAsync(cancellationToken) is { } name:
                return new LogEntity(id, type, name, name);
            case "AppInstance" when await FindApplicationAsync(id, cancellationToken) is { } application:
                var label = await applications.GetDisplayNameAsync(application, cancellationToken);
                return new LogEntity(id, type, await applications.GetClientIdAsync(application, cancellationToken), label);
            default:
                return new LogEntity(id, type);
        }
    }

    /// <summary>Apps are addressed by app id or, for seeded apps, by client id (the app id by default, as in Okta).</summary>
    private async Task<object?> FindApplicationAsync(string id, CancellationToken cancellationToken) =>
        await applications.FindByIdAsync(id, cancellationToken) ?? await applications.FindByClientIdAsync(id, cancellationToken);
}
