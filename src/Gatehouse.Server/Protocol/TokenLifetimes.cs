namespace Gatehouse.Server.Protocol;

/// <summary>
/// How long each kind of token lives (Okta's defaults: codes 300 s; org-server tokens 60 min; refresh tokens 90
/// days). OpenIddict is configured from these, and signing-key rotation derives from them how long a retired key
/// must stay published and usable for validation (<see cref="Keys.SigningKeyLifecycle"/>).
/// </summary>
internal static class TokenLifetimes
{
    public static readonly TimeSpan AuthorizationCode = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan AccessToken = TimeSpan.FromHours(1);

    public static readonly TimeSpan IdentityToken = TimeSpan.FromHours(1);

    public static readonly TimeSpan RefreshToken = TimeSpan.FromDays(90);
}
