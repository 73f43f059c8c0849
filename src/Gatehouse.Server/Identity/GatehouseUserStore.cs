using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Identity;

/// <summary>
/// Identity's EF store plus what happens whenever a password hash changes, whoever changes it (create, change,
/// reset, remove): the replaced hash goes to the password history (trimmed to what the policy needs) and
/// <see cref="GatehouseUser.PasswordChanged"/> is stamped with the server's clock.
/// </summary>
internal sealed class GatehouseUserStore(GatehouseDbContext context, TimeProvider timeProvider, IdentityErrorDescriber? describer = null)
    : UserStore<GatehouseUser, IdentityRole, GatehouseDbContext>(context, describer)
{
    public override async Task SetPasswordHashAsync(GatehouseUser user, string? passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = timeProvider.GetUtcNow();
        if (user.PasswordHash is { } replaced && replaced != passwordHash)
        {
            // Keep the HistoryCount - 1 newest entries: with the current password, the policy's whole history.
            var stale = await Context.PasswordHistory
                .Where(entry => entry.UserId == user.Id)
                .OrderByDescending(entry => entry.Id)
                .Skip(PasswordPolicy.HistoryCount - 2)
                .ToListAsync(cancellationToken);
            Context.PasswordHistory.RemoveRange(stale);
            Context.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = replaced, Replaced = now });
        }

        user.PasswordChanged = passwordHash is null ? null : now;
        await base.SetPasswordHashAsync(user, passwordHash, cancellationToken);
    }
}
