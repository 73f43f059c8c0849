using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.Authentication;

/// <summary>
/// Every <c>/api/v1</c> call carries <c>Authorization: SSWS {token}</c> (okta-reference.md §3). The token is found by
/// its keyed hash, so the lookup never compares the secret itself: a timing difference can at most reveal a prefix
/// of an HMAC output, which tells nothing about any token. Revoked tokens and tokens of users who are no longer
/// active or no longer admins get E0000011; a read-only admin may only read (E0000006 otherwise).
/// </summary>
internal sealed class SswsAuthenticationFilter(
    GatehouseDbContext database,
    SecretHasher hasher,
    UserManager<GatehouseUser> users,
    TimeProvider timeProvider) : IEndpointFilter
{
    private const string Scheme = "SSWS ";
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return ManagementErrors.InvalidToken();
        }

        var hash = hasher.Hash(header[Scheme.Length..].Trim());
        var token = await database.ApiTokens.SingleOrDefaultAsync(candidate => candidate.TokenHash == hash, http.RequestAborted);
        if (token is null || token.Revoked is not null)
        {
            return ManagementErrors.InvalidToken();
        }

        var user = await users.FindByIdAsync(token.UserId);
        if (user is null || user.Status != UserStatus.Active)
        {
            return ManagementErrors.InvalidToken();
        }

        var roles = await users.GetRolesAsync(user);
        var mayRead = roles.Contains(AdminRoles.SuperAdmin) || roles.Contains(AdminRoles.ReadOnlyAdmin);
        var mayWrite = roles.Contains(AdminRoles.SuperAdmin);
        var reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (!mayRead || (!reads && !mayWrite))
        {
            return ManagementErrors.Forbidden();
        }

        // Recorded to the minute: a write per call would serialize every read on the database.
        var now = timeProvider.GetUtcNow();
        if (token.LastUsed is not { } lastUsed || now - lastUsed >= LastUsedPrecision)
        {
            token.LastUsed = now;
            await database.SaveChangesAsync(http.RequestAborted);
        }

        http.Items[typeof(ManagementCaller)] = new ManagementCaller(user.Id, token.Id);
        return await next(context);
    }
}

/// <summary>Who is calling the management API: the admin and the token (for the system log).</summary>
internal sealed record ManagementCaller(string UserId, string TokenId);
