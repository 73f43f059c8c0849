using System.Text;

using Gatehouse.Core.Users;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Gatehouse.Server.Identity;

/// <summary>
/// Tokens of reset-password links, like Identity's DataProtectorTokenProvider (protected payload: creation time,
/// user id, purpose, security stamp) but timed by the server's <see cref="TimeProvider"/>, which Identity's does not
/// use. Nothing is stored: a new security stamp (which setting the password makes) kills every earlier link.
/// </summary>
internal sealed class ResetPasswordTokenProvider(IDataProtectionProvider dataProtection, TimeProvider timeProvider) : IUserTwoFactorTokenProvider<GatehouseUser>
{
    public const string Name = "GatehouseResetPassword";

    /// <summary>Okta's default lifetime of a reset-password link.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Gatehouse.ResetPasswordToken.v1");

    public async Task<string> GenerateAsync(string purpose, UserManager<GatehouseUser> manager, GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(timeProvider.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? string.Empty);
        }

        return Convert.ToBase64String(_protector.Protect(stream.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<GatehouseUser> manager, GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(_protector.Unprotect(Convert.FromBase64String(token))), Encoding.UTF8);
            var created = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            return created + Lifetime >= timeProvider.GetUtcNow()
                && reader.ReadString() == await manager.GetUserIdAsync(user)
                && reader.ReadString() == purpose
                && reader.ReadString() == (await manager.GetSecurityStampAsync(user) ?? string.Empty);
        }
        catch (Exception exception) when (exception is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException or IOException)
        {
            return false;
        }
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<GatehouseUser> manager, GatehouseUser user) => Task.FromResult(false);
}
