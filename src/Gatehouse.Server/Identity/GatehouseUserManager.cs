using Gatehouse.Core.Users;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Identity;

/// <summary>
/// Identity's user manager with two changes: lockout follows the server's <see cref="TimeProvider"/> (Identity reads
/// the system clock, so tests could not advance past a lockout), and a password can be replaced after the caller
/// has validated it itself (the management API validates profile and password together before saving).
/// </summary>
internal sealed class GatehouseUserManager(
    IUserStore<GatehouseUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<GatehouseUser> passwordHasher,
    IEnumerable<IUserValidator<GatehouseUser>> userValidators,
    IEnumerable<IPasswordValidator<GatehouseUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<GatehouseUser>> logger,
    TimeProvider timeProvider)
    : UserManager<GatehouseUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<bool> IsLockedOutAsync(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await GetLockoutEnabledAsync(user))
        {
            return false;
        }

        return await GetLockoutEndDateAsync(user) is { } end && end >= timeProvider.GetUtcNow();
    }

    /// <summary>Identity's failure counting, with the lockout end taken from the server's clock.</summary>
    public override async Task<IdentityResult> AccessFailedAsync(GatehouseUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockoutStore = (IUserLockoutStore<GatehouseUser>)Store;
        var count = await lockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count < Options.Lockout.MaxFailedAccessAttempts)
        {
            return await UpdateUserAsync(user);
        }

        await lockoutStore.SetLockoutEndDateAsync(user, timeProvider.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
        await lockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        return await UpdateUserAsync(user);
    }

    /// <summary>Sets a password the caller has already validated, and ends the sessions made with the old one.</summary>
    public async Task<IdentityResult> ReplacePasswordAsync(GatehouseUser user, string password, bool validate)
    {
        var result = await UpdatePasswordHash(user, password, validate);
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }
}
