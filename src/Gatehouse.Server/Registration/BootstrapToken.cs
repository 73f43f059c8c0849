using Gatehouse.Core.Identifiers;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Hosting;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Registration;

/// <summary>
/// The one-time token that <c>gatehouse register</c> must present while the org has no admin. Without it, an open
/// register endpoint would let any local process, or a web page rebinding a name to 127.0.0.1, become admin first.
/// A fresh token is made at every start while there is no admin (only its keyed hash is stored), written owner-only
/// to <c>DATA/bootstrap-token</c> and printed in the banner; registering clears both.
/// </summary>
internal sealed class BootstrapToken(DataDirectory dataDirectory)
{
    public const string FileName = "bootstrap-token";

    /// <summary>The token made at this start, for the banner; null when the org already has an admin.</summary>
    public string? Current { get; private set; }

    public string FilePath => Path.Combine(dataDirectory.Path, FileName);

    /// <summary>Runs at start, after the key ring's hashing key is loaded.</summary>
    public async Task EnsureAsync(GatehouseDbContext database, UserManager<GatehouseUser> users, SecretHasher hasher, CancellationToken cancellationToken)
    {
        var org = await database.Orgs.SingleAsync(cancellationToken);
        if ((await users.GetUsersInRoleAsync(AdminRoles.SuperAdmin)).Count > 0)
        {
            Current = null;
            if (org.BootstrapTokenHash is not null)
            {
                org.BootstrapTokenHash = null;
                await database.SaveChangesAsync(cancellationToken);
            }

            File.Delete(FilePath);
            return;
        }

        // 40 base-62 characters: about 238 bits, like the API tokens.
        var token = OktaId.RandomString(40);
        org.BootstrapTokenHash = hasher.Hash(token);
        await database.SaveChangesAsync(cancellationToken);
        WriteOwnerOnly(FilePath, token + "\n");
        Current = token;
    }

    /// <summary>Called once registering succeeded: the token is spent.</summary>
    public void Spend()
    {
        Current = null;
        File.Delete(FilePath);
    }

    private static void WriteOwnerOnly(string path, string contents)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write(contents);
    }
}
