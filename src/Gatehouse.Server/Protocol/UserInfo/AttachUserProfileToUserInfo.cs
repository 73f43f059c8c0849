using System.Text.Json;

using Gatehouse.Core.Users;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Storage;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.UserInfo;

/// <summary>
/// Userinfo answers from the directory, not from the token: the user's current profile, released per scope
/// (OIDC Core §5.3.2). A token without <c>openid</c> gets 403 <c>insufficient_scope</c>, a token whose user is gone
/// or no longer active gets 401 <c>invalid_token</c>. The user (and, for the <c>groups</c> scope, their groups) is
/// read in one untracked compiled query per request (<see cref="UserQueries"/>), never cached, so a deactivation or a
/// profile change shows at once.
/// </summary>
internal sealed class AttachUserProfileToUserInfo(GatehouseDbContext database) : IOpenIddictServerHandler<HandleUserInfoRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleUserInfoRequestContext>()
            .UseScopedHandler<AttachUserProfileToUserInfo>()
            .SetOrder(OpenIddictServerHandlers.UserInfo.AttachClaims.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleUserInfoRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.AccessTokenPrincipal;
        if (!principal.HasScope(Scopes.OpenId))
        {
            context.Reject(Errors.InsufficientScope, "The access token must provide access to at least one of these scopes - openid.");
            return;
        }

        var userId = principal.GetClaim(OktaClaimTypes.UserId);
        var withGroups = principal.HasScope(UserGroupsClaim.Scope);
        UserWithGroupNames? found = userId is null ? null
            : withGroups ? await UserQueries.FindUserWithGroupNamesAsync(database, userId, context.CancellationToken)
            : await UserQueries.FindUserAsync(database, userId, context.CancellationToken) is { } alone ? new(alone, []) : null;
        var user = found?.User;
        if (user is null || user.Status != UserStatus.Active)
        {
            context.Reject(Errors.InvalidToken, "The access token is invalid.");
            return;
        }

        context.Subject = user.Id;
        context.Email = null;
        context.GivenName = null;
        context.FamilyName = null;
        context.PhoneNumber = null;
        context.BirthDate = null;
        context.Audiences.Clear();
        foreach (var (type, value) in UserProfileClaims.For(user, principal.GetScopes()))
        {
            context.Claims[type] = value switch
            {
                bool flag => new OpenIddictParameter(flag),
                long number => new OpenIddictParameter(number),
                _ => new OpenIddictParameter((string)value),
            };
        }

        if (withGroups)
        {
            context.Claims[UserGroupsClaim.ClaimType] = new OpenIddictParameter(JsonSerializer.SerializeToElement(UserGroupsClaim.Filter(found!.GroupNames)));
        }
    }
}
