using System.Globalization;
using System.Text.Json;

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace QuickstartWebApp.Authentication;

/// <summary>
/// Renews the access token saved in the session cookie with the refresh token once it has expired, as Okta's
/// docs/refresh-token-aspnetcore.md describes: on the cookie's OnValidatePrincipal, a refresh_token grant at the
/// authorization server's token endpoint, then the cookie is re-issued with the new tokens. A refused refresh
/// (revoked, expired, user deactivated) signs the user out of the app.
/// </summary>
public static partial class AccessTokenRenewal
{
    /// <summary>Renew slightly before the expiry, so a token handed to an API is not about to expire.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(30);

    public static async Task RenewIfExpiredAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        if (expiresAt is null || refreshToken is null)
        {
            return;
        }

        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) - RenewBefore > now)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccessTokenRenewal));
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        var cancellationToken = context.HttpContext.RequestAborted;
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);

        // The same client authentication the handler used for the code exchange (client_secret_post).
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = oidc.ClientId!,
                ["client_secret"] = oidc.ClientSecret!,
            }),
        };
        using var response = await oidc.Backchannel.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRefreshRefused(logger, (int)response.StatusCode);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        using var payload = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var tokens = context.Properties.GetTokens().ToDictionary(token => token.Name, token => token.Value, StringComparer.Ordinal);
        tokens["access_token"] = payload.RootElement.GetProperty("access_token").GetString()!;
        foreach (var name in (string[])["refresh_token", "id_token", "token_type"])
        {
            // The server may rotate the refresh token; it may or may not return a new ID token.
            if (payload.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text)
            {
                tokens[name] = text;
            }
        }

        if (payload.RootElement.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds))
        {
            tokens["expires_at"] = now.AddSeconds(seconds).ToString("o", CultureInfo.InvariantCulture);
        }

        context.Properties.StoreTokens(tokens.Select(token => new AuthenticationToken { Name = token.Key, Value = token.Value }));
        context.ShouldRenew = true;
        LogRenewed(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Renewed the expired access token with the refresh token.")]
    private static partial void LogRenewed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The authorization server refused the refresh token ({Status}); signing the user out.")]
    private static partial void LogRefreshRefused(ILogger logger, int status);
}
