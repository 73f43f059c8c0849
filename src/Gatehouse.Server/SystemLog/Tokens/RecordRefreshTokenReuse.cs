using Gatehouse.Server.Hosting;
using Gatehouse.Server.Protocol.Issuers;

using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.SystemLog.Tokens;

/// <summary>
/// Okta fires <c>app.oauth2.as.token.detect_reuse</c> (custom servers) or <c>app.oauth2.token.detect_reuse</c> (org
/// server) when a rotated refresh token is presented again after its grace period (Okta's refresh token guide,
/// "System Log events"). OpenIddict has already revoked the grant's tokens and answers <c>invalid_grant</c>; the
/// stored token entry tells reuse apart from other failures (it was redeemed longer ago than the grace period), so no
/// OpenIddict message text is relied on.
/// </summary>
internal sealed class RecordRefreshTokenReuse(
    SystemLogRecorder systemLog, IOpenIddictTokenManager tokens, TimeProvider timeProvider, IOptions<GatehouseOptions> options) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<RecordRefreshTokenReuse>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request is not { } request || !request.IsRefreshTokenGrantType() || string.IsNullOrEmpty(request.RefreshToken)
            || context.Response.Error is not (Errors.InvalidGrant or Errors.InvalidToken))
        {
            return;
        }

        // Refresh tokens are reference tokens (ProtocolExtensions): the value presented is the reference id.
        var token = await tokens.FindByReferenceIdAsync(request.RefreshToken, context.CancellationToken);
        // Reuse is a redeemed token presented after its grace period (OpenIddict's ValidateTokenEntry rule).
        if (token is null || await tokens.GetRedemptionDateAsync(token, context.CancellationToken) is not { } redeemed
            || timeProvider.GetUtcNow() < redeemed + options.Value.RefreshTokenReuseLeeway)
        {
            return;
        }

        var issuer = context.Transaction.GetIssuer();
        var tokenId = await tokens.GetIdAsync(token, context.CancellationToken);
        var subject = await tokens.GetSubjectAsync(token, context.CancellationToken);
        var clientId = request.ClientId;
        var targets = new List<LogEntity> { new(tokenId ?? "unknown", "refresh_token", issuer.Name, "Refresh Token") };
        if (subject is not null)
        {
            targets.Add(new LogEntity(subject, "User"));
        }

        await systemLog.RecordAsync(new LogEventDraft(
            issuer.IsOrgServer ? "app.oauth2.token.detect_reuse" : "app.oauth2.as.token.detect_reuse",
            "OAuth2 refresh token reuse detected",
            clientId is null ? null : new LogEntity(clientId, "PublicClientApp", clientId),
            new LogOutcome("DENY", "Refresh token reuse detected"))
        {
            Severity = "WARN",
            Targets = targets,
            DebugData = new Dictionary<string, string?> { ["grantType"] = GrantTypes.RefreshToken, ["authorizationServer"] = issuer.Name },
        });
    }
}
