using System.Globalization;
using System.Security.Claims;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Pages.SignIn;

/// <summary>What the SSO session cookie remembers about a sign-in: when it happened (for <c>max_age</c> and <c>auth_time</c>).</summary>
internal static class SessionClaims
{
    public static Claim AuthenticationTime(DateTimeOffset now) =>
        new(Claims.AuthenticationTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    public static DateTimeOffset? GetAuthenticationTime(ClaimsPrincipal? principal) =>
        principal?.FindFirst(Claims.AuthenticationTime)?.Value is { } value
        && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
