using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Identity;

/// <summary>
/// Okta's password history: the new password may be neither the current one nor one of the previous
/// <see cref="PasswordPolicy.HistoryCount"/> − 1, which <see cref="GatehouseUserStore"/> keeps as hashes.
/// </summary>
internal sealed class PasswordHistoryValidator(GatehouseDbContext database) : IPasswordValidator<GatehouseUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<GatehouseUser> manager, GatehouseUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (password is null)
        {
            return IdentityResult.Success;
        }

        var previous = await database.PasswordHistory.AsNoTracking()
            .Where(entry => entry.UserId == user.Id)
            .OrderByDescending(entry => entry.Id)
            .Take(PasswordPolicy.HistoryCount - 1)
            .Select(entry => entry.PasswordHash)
            .ToListAsync();
        var hashes = user.PasswordHash is { } current ? previous.Prepend(current) : previous;
        var reused = hashes.Any(hash => manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed);
        return reused
            ? IdentityResult.Failed(new IdentityError { Code = PasswordPolicy.HistoryErrorCode, Description = $"The password cannot be one of your last {PasswordPolicy.HistoryCount} passwords." })
            : IdentityResult.Success;
    }
}
