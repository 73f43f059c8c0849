using Gatehouse.Core.Users;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.Refresh;

/// <summary>
/// A refresh token only works while its user exists and is ACTIVE: a suspended, deactivated or deleted user's
/// refresh tokens get <c>invalid_grant</c> (RFC 6749 §5.2: "the provided authorization grant … is invalid, expired,
/// revoked"), as Okta's stop working when the user is suspended or deactivated. The user is read per request with
/// <see cref="UserQueries"/> (untracked, compiled; never cached), as userinfo reads it.
/// </summary>
internal sealed class RejectRefreshForInactiveUsers(GatehouseDbContext database, UserManager<GatehouseUser> users) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<RejectRefreshForInactiveUsers>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsRefreshTokenGrantType())
        {
            return;
        }

        var principal = context.RefreshTokenPrincipal;
        var userId = principal?.GetClaim(OktaClaimTypes.UserId) ?? principal?.GetClaim(Claims.Subject);
        var user = userId is null ? null
            : await UserQueries.FindUserAsync(database, userId, context.CancellationToken) ?? await users.FindByNameAsync(userId);
        if (user is not { Status: UserStatus.Active })
        {
            context.Reject(Errors.InvalidGrant, "The refresh token is invalid or expired.");
        }
    }
}
