using System.Security.Claims;

using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.TokenClaims;

using Microsoft.IdentityModel.JsonWebTokens;

using OpenIddict.Abstractions;
using OpenIddict.Server;

using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Gatehouse.Server.SystemLog.Tokens;

/// <summary>
/// Records what OpenIddict issued, once every token is generated: at the token endpoint one event per token
/// (Okta: <c>app.oauth2.as.token.grant.access_token|id_token|refresh_token</c> on custom authorization servers,
/// <c>app.oauth2.token.grant.*</c> on the org server); at the authorization endpoint <c>user.authentication.sso</c>
/// (the user signed in to an app). Targets carry token ids (<c>jti</c>, the refresh token's entry id), never a token.
/// </summary>
internal sealed class RecordTokenGrants(SystemLogRecorder systemLog, IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessSignInContext>
{
    private static readonly Dictionary<string, string?> SsoContext = new()
    {
        ["authenticationProvider"] = "OKTA_AUTHENTICATION_PROVIDER",
        ["credentialType"] = "PASSWORD",
    };

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<RecordTokenGrants>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var issuer = context.Transaction.GetIssuer();
        var client = await ClientAsync(context.ClientId ?? context.Request.ClientId, context.CancellationToken);
        var user = UserOf(context.Principal);
        if (context.EndpointType == OpenIddictServerEndpointType.Authorization)
        {
            await systemLog.RecordAsync(new LogEventDraft("user.authentication.sso", "User single sign on to app", user, LogOutcome.Success)
            {
                Targets = [.. new[] { client }.OfType<LogEntity>()],
                DebugData = new Dictionary<string, string?> { ["authorizationServer"] = issuer.Name },
                AuthenticationContext = SsoContext,
            });
            return;
        }

        if (context.EndpointType != OpenIddictServerEndpointType.Token)
        {
            return;
        }

        var prefix = issuer.IsOrgServer ? "app.oauth2.token.grant." : "app.oauth2.as.token.grant.";
        var debugData = new Dictionary<string, string?>
        {
            ["grantType"] = context.Request.GrantType,
            ["grantedScopes"] = string.Join(' ', context.Principal?.GetScopes() ?? []),
            ["authorizationServer"] = issuer.Name,
        };
        var tokens = new (string Type, string Display, string? Id)[]
        {
            ("access_token", "Access Token", JwtId(context.AccessToken)),
            ("id_token", "OIDC ID Token", JwtId(context.IdentityToken)),
            ("refresh_token", "Refresh Token", context.RefreshToken is null ? null : context.RefreshTokenPrincipal?.GetTokenId() ?? "unknown"),
        };
        var events = new List<LogEventDraft>();
        foreach (var (type, display, id) in tokens.Where(token => token.Id is not null))
        {
            var targets = new List<LogEntity> { new(id!, type, issuer.Name, display) };
            if (user is not null)
            {
                targets.Add(user);
            }

            events.Add(new LogEventDraft(prefix + type, $"OAuth2 {display.ToLowerInvariant()} is granted", client ?? user, LogOutcome.Success)
            {
                Targets = targets,
                DebugData = debugData,
            });
        }

        // One transaction for the grant's events.
        await systemLog.RecordAllAsync(events);
    }

    /// <summary>The signed JWT's <c>jti</c>: an identifier, safe to log, unlike the token itself.</summary>
    private static string? JwtId(string? token) =>
        string.IsNullOrEmpty(token) ? null : new JsonWebTokenHandler().ReadJsonWebToken(token).Id;

    /// <summary>The signed-in user (null for client credentials): <c>uid</c> and the login are on every user principal.</summary>
    private static LogEntity? UserOf(ClaimsPrincipal? principal) =>
        principal?.GetClaim(OktaClaimTypes.UserId) is { } userId
            ? new LogEntity(userId, "User", principal.GetClaim(OktaClaimTypes.Login), principal.GetClaim(Claims.Name) ?? principal.GetClaim(OktaClaimTypes.Login))
            : null;

    private async Task<LogEntity?> ClientAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return null;
        }

        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        var name = application is null ? null : await applications.GetDisplayNameAsync(application, cancellationToken);
        // Okta's actor type for every OAuth client in token events, confidential or not.
        return new LogEntity(clientId, "PublicClientApp", clientId, name ?? clientId);
    }
}
