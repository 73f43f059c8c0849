using System.Collections.Immutable;
using System.Text.Json;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Okta's per-app <c>settings.oauthClient.refresh_token</c> (developer.okta.com/docs/guides/refresh-tokens):
/// <c>ROTATE</c> issues a new refresh token on every refresh and retires the presented one after <see cref="Leeway"/>
/// seconds; <c>STATIC</c> (persistent) keeps the same refresh token, returned again with each refresh, its idle window
/// sliding with each use. Okta's defaults: ROTATE for SPAs (<c>browser</c>), STATIC for web, native and service apps.
/// </summary>
internal sealed record RefreshTokenSettings(string RotationType, int Leeway)
{
    public const string Rotate = "ROTATE";
    public const string Static = "STATIC";
    public const int DefaultLeeway = 30;
    public const int MaxLeeway = 60;

    public bool IsStatic => RotationType == Static;

    /// <summary>Okta's default for an app type; also what an app stored without the setting uses.</summary>
    public static RefreshTokenSettings DefaultFor(string applicationType) =>
        new(applicationType == "browser" ? Rotate : Static, DefaultLeeway);

    /// <summary>The setting of an OpenIddict application, from its stored properties (<see cref="OidcAppStore.SettingsProperty"/>).</summary>
    public static RefreshTokenSettings Of(ImmutableDictionary<string, JsonElement> properties, ImmutableArray<string> permissions)
    {
        var settings = properties.TryGetValue(OidcAppStore.SettingsProperty, out var value)
            ? value.Deserialize<StoredSettings>()!
            : StoredSettings.Derive(permissions);
        return settings.RefreshToken ?? DefaultFor(settings.ApplicationType);
    }

    public static bool IsValidRotationType(string value) => value is Rotate or Static;

    public static bool IsValidLeeway(int value) => value is >= 0 and <= MaxLeeway;

    /// <summary>Refresh token settings apply to apps that may use the refresh token grant.</summary>
    public static bool AppliesTo(OidcApp app) => app.GrantTypes.Contains(GrantTypes.RefreshToken);
}
