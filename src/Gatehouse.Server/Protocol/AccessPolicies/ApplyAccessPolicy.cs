using System.Globalization;
using System.Security.Claims;

using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.TokenClaims;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>
/// Custom authorization servers issue tokens only under a matching access-policy rule, which sets their lifetimes
/// (Okta: "every custom-AS request needs a matching policy rule"; okta-reference.md §2). Evaluated when a code is
/// issued (so a denied request goes back to the client at once) and again at the token endpoint, where the rule's
/// lifetimes are put on the principal before OpenIddict prepares the tokens. The org server keeps its fixed
/// lifetimes (<see cref="TokenLifetimes"/>).
/// </summary>
internal sealed class ApplyAccessPolicy(AccessPolicyEvaluator evaluator, TimeProvider timeProvider) : IOpenIddictServerHandler<ProcessSignInContext>
{
    /// <summary>Okta's <c>no_matching_policy</c> description (oauth2-error-codes.json).</summary>
    public const string NoMatchingPolicy = "Policy evaluation failed for this request, please check the policy configurations.";

    /// <summary>
    /// When the first refresh token of a chain was issued (unix seconds), carried by the refresh tokens only (no
    /// destination): the rule's refresh-token lifetime counts from it, its window from each refresh.
    /// </summary>
    private const string RefreshChainStartClaim = "gatehouse_refresh_chain_start";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<ApplyAccessPolicy>()
            // After the code or refresh token is redeemed and its claims restored; before the token principals are prepared.
            .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not (OpenIddictServerEndpointType.Authorization or OpenIddictServerEndpointType.Token)
            || context.Principal is not { } principal
            || context.Transaction.GetIssuer() is not { AuthorizationServerId: { } serverId })
        {
            return;
        }

        var request = new AccessRequest(serverId, context.ClientId ?? context.Request?.ClientId ?? string.Empty,
            GrantTypeOf(context), [.. principal.GetScopes()], principal.GetClaim(OktaClaimTypes.UserId));
        var rule = await evaluator.FindRuleAsync(request, context.CancellationToken);
        if (rule is null)
        {
            context.Reject(Errors.AccessDenied, NoMatchingPolicy);
            return;
        }

        if (context.EndpointType is not OpenIddictServerEndpointType.Token)
        {
            return;
        }

        principal.SetAccessTokenLifetime(TimeSpan.FromMinutes(rule.AccessTokenLifetimeMinutes));
        var now = timeProvider.GetUtcNow();
        var chainStart = principal.GetClaim(RefreshChainStartClaim) is { } start
            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(start, CultureInfo.InvariantCulture))
            : now;
        principal.SetClaim(RefreshChainStartClaim, chainStart.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var refreshLifetime = TimeSpan.FromMinutes(rule.RefreshTokenWindowMinutes);
        if (rule.RefreshTokenLifetimeMinutes > 0)
        {
            var remaining = chainStart + TimeSpan.FromMinutes(rule.RefreshTokenLifetimeMinutes) - now;
            refreshLifetime = remaining < refreshLifetime ? remaining : refreshLifetime;
        }

        principal.SetRefreshTokenLifetime(refreshLifetime > TimeSpan.Zero ? refreshLifetime : TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Okta's rules list the grants that start a session; a refresh is evaluated as the grant that issued the first
    /// refresh token, which here is always the authorization code grant.
    /// </summary>
    private static string GrantTypeOf(ProcessSignInContext context) => context.EndpointType switch
    {
        OpenIddictServerEndpointType.Authorization when context.Request?.HasResponseType(ResponseTypes.Token) is true => GrantTypes.Implicit,
        OpenIddictServerEndpointType.Authorization => GrantTypes.AuthorizationCode,
        _ when context.Request?.IsRefreshTokenGrantType() is true => GrantTypes.AuthorizationCode,
        _ => context.Request?.GrantType ?? string.Empty,
    };
}
