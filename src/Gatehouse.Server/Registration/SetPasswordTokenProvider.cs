using System.Globalization;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.Registration;

/// <summary>
/// Identity's password-reset tokens (<see cref="UserManager{TUser}.GeneratePasswordResetTokenAsync"/>,
/// <see cref="UserManager{TUser}.ResetPasswordAsync"/>) made by Gatehouse: Identity's own
/// <c>DataProtectorTokenProvider</c> reads the system clock, so its expiry could not follow the server's
/// <see cref="TimeProvider"/>. Like Identity's, a token carries the user's security stamp, so setting a password
/// (which changes the stamp) spends it; it is encrypted and authenticated with Data Protection.
/// </summary>
internal sealed class SetPasswordTokenProvider(IDataProtectionProvider dataProtection, TimeProvider timeProvider)
    : IUserTwoFactorTokenProvider<GatehouseUser>
{
    public const string ProviderName = "GatehouseSetPassword";

    /// <summary>How long a set-password link works (Okta's activation links: 7 days; reset links are shorter).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Gatehouse.SetPassword.v1");

    public async Task<string> GenerateAsync(string purpose, UserManager<GatehouseUser> manager, GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var expires = timeProvider.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = string.Join('\n', expires, await manager.GetUserIdAsync(user), purpose, await manager.GetSecurityStampAsync(user));
        return WebEncoders.Base64UrlEncode(_protector.Protect(System.Text.Encoding.UTF8.GetBytes(payload)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<GatehouseUser> manager, GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        string[] parts;
        try
        {
            parts = System.Text.Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception exception) when (exception is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return false;
        }

        return parts.Length == 4
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && timeProvider.GetUtcNow().ToUnixTimeSeconds() < expires
            && parts[1] == await manager.GetUserIdAsync(user)
            && parts[2] == purpose
            && parts[3] == await manager.GetSecurityStampAsync(user);
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<GatehouseUser> manager, GatehouseUser user) => Task.FromResult(false);

    /// <summary>The link a user opens to choose a password: the page checks the token again when it is posted.</summary>
    public static string LinkFor(string origin, string userId, string token) =>
        origin + "/set-password" + QueryString.Create(new Dictionary<string, string?> { ["user"] = userId, ["token"] = token });
}
