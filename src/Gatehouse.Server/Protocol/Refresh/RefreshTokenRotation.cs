using Gatehouse.Server.Apps;

using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace Gatehouse.Server.Protocol.Refresh;

/// <summary>
/// Okta's per-app refresh token rotation (<see cref="RefreshTokenSettings"/>) on OpenIddict's rolling refresh tokens.
/// ROTATE apps keep OpenIddict's behaviour: the presented token is redeemed (<see cref="OpenIddictServerHandlers.RedeemTokenEntry"/>)
/// and a new one issued. For STATIC apps the presented token is not redeemed, no new one is generated, its entry's
/// expiry slides as OpenIddict's sliding expiration would set a new token's, and the same token is returned with the new
/// access and ID tokens, as Okta returns it. Its entry stays the one revocation, sign-out and user deactivation revoke.
/// </summary>
internal static class RefreshTokenRotation
{
    private const string StaticProperty = "gatehouse:static_refresh_token";

    /// <summary>Replaces OpenIddict's <c>RedeemTokenEntry</c> (same filters and order): runs it unless a STATIC app refreshes.</summary>
    public static OpenIddictServerHandlerDescriptor RedeemDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireTokenStorageEnabled>()
            .UseScopedHandler<RedeemRotatedTokens>()
            .SetOrder(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>After OpenIddict chose the tokens to generate: no new refresh token for a STATIC app.</summary>
    public static OpenIddictServerHandlerDescriptor KeepDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<KeepStaticToken>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>
    /// Once the response parameters are set (before the System Log records the grants, so no refresh token grant is
    /// logged: none was issued): slide the token's expiry and return it.
    /// </summary>
    public static OpenIddictServerHandlerDescriptor ReturnDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireDegradedModeDisabled>()
            .AddFilter<RequireTokenStorageEnabled>()
            .UseScopedHandler<ReturnStaticToken>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private static bool IsStatic(ProcessSignInContext context) =>
        context.Transaction.Properties.TryGetValue(StaticProperty, out var value) && value is true;

    private static bool IsRefresh(ProcessSignInContext context) =>
        context.EndpointType == OpenIddictServerEndpointType.Token && context.Request.IsRefreshTokenGrantType();

    internal sealed class RedeemRotatedTokens(IOpenIddictTokenManager tokens, IOpenIddictApplicationManager applications)
        : IOpenIddictServerHandler<ProcessSignInContext>
    {
        private readonly OpenIddictServerHandlers.RedeemTokenEntry redeem = new(tokens);

        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (IsRefresh(context) && context.ClientId is { Length: > 0 } clientId
                && await applications.FindByClientIdAsync(clientId, context.CancellationToken) is { } application
                && RefreshTokenSettings.Of(
                    await applications.GetPropertiesAsync(application, context.CancellationToken),
                    await applications.GetPermissionsAsync(application, context.CancellationToken)).IsStatic)
            {
                context.Transaction.Properties[StaticProperty] = true;
                return;
            }

            await redeem.HandleAsync(context);
        }
    }

    internal sealed class KeepStaticToken : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (IsRefresh(context) && IsStatic(context))
            {
                context.GenerateRefreshToken = false;
                context.IncludeRefreshToken = false;
            }

            return ValueTask.CompletedTask;
        }
    }

    internal sealed class ReturnStaticToken(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (!IsRefresh(context) || !IsStatic(context) || context.IsRejected)
            {
                return;
            }

            var presented = context.Transaction.GetProperty<ProcessAuthenticationContext>(typeof(ProcessAuthenticationContext).FullName!)
                ?.RefreshTokenPrincipal;
            if (presented?.GetTokenId() is { } tokenId && !context.Options.DisableSlidingRefreshTokenExpiration
                && await tokens.FindByIdAsync(tokenId, context.CancellationToken) is OpenIddictEntityFrameworkCoreToken entry)
            {
                // The lifetime OpenIddict's PrepareRefreshTokenPrincipal gives a new token: the access policy's idle
                // window capped by the chain's absolute lifetime (ApplyAccessPolicy), else the server's.
                var lifetime = context.Principal?.GetRefreshTokenLifetime() ?? context.Options.RefreshTokenLifetime;
                if (lifetime is { } window)
                {
                    entry.ExpirationDate = (context.Options.TimeProvider.GetUtcNow() + window).UtcDateTime;
                    try
                    {
                        await tokens.UpdateAsync(entry, context.CancellationToken);
                    }
                    catch (OpenIddictExceptions.ConcurrencyException)
                    {
                        // A concurrent refresh with the same token slid it at the same moment.
                    }
                }
            }

            context.Response.RefreshToken = context.Request.RefreshToken;
        }
    }
}
