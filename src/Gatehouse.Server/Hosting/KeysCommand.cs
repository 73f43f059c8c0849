using System.CommandLine;
using System.Globalization;

using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Hosting;

/// <summary>
/// <c>gatehouse keys rotate</c>: rotates signing keys in the database of a data directory, with the same
/// configuration as <c>serve</c>. A running server picks the new key up at its next check
/// (<see cref="GatehouseOptions.SigningKeyCheckInterval"/>), well before the key signs.
/// </summary>
internal static class KeysCommand
{
    /// <summary>The name <c>--authorization-server</c> accepts for the org authorization server.</summary>
    public const string OrgServerName = "org";

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory of the server. Default ./.gatehouse" };
        var server = new Option<string?>("--authorization-server")
        {
            Description = $"Authorization server id to rotate ('{OrgServerName}' for the org server, 'default', …). Default: all",
        };
        var all = new Option<bool>("--all") { Description = "Rotate the keys of every authorization server (the default)" };

        var rotate = new Command("rotate", "Publish a new signing key now; it signs after the propagation delay, and the current key retires then.")
        {
            dataDir, server, all,
        };
        rotate.Validators.Add(result =>
        {
            if (result.GetValue(all) && result.GetValue(server) is not null)
            {
                result.AddError("Give either --authorization-server or --all, not both.");
            }
        });
        rotate.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
            };
            if (parseResult.GetValue(dataDir) is { Length: > 0 } directory)
            {
                if (!Directory.Exists(directory))
                {
                    await Console.Error.WriteLineAsync($"No data directory '{directory}'.");
                    return 1;
                }

                settings[$"{GatehouseOptions.SectionName}:{nameof(GatehouseOptions.DataDirectory)}"] = directory;
            }

            using var host = GatehouseApplication.BuildMaintenanceHost(settings);
            return await RotateAsync(host.Services, parseResult.GetValue(server), Console.Out, Console.Error, cancellationToken);
        });

        return new Command("keys", "Manage the authorization servers' signing keys.") { rotate };
    }

    /// <summary>The command's work, callable from tests on a running server's services.</summary>
    /// <param name="authorizationServer">An authorization server id, <see cref="OrgServerName"/>, or null for all.</param>
    public static async Task<int> RotateAsync(IServiceProvider services, string? authorizationServer, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await using (var scope = services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            if (!(await database.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
            {
                await error.WriteLineAsync("No Gatehouse database in this data directory: run `gatehouse serve` once first.");
                return 1;
            }

            if ((await database.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                await error.WriteLineAsync("The database schema is older than this gatehouse: start `gatehouse serve` once to migrate it.");
                return 1;
            }
        }

        var registry = services.GetRequiredService<IssuerRegistry>();
        await registry.ReloadAsync(cancellationToken);
        Issuer[] issuers;
        if (authorizationServer is null)
        {
            issuers = [.. registry.All];
        }
        else if (string.Equals(authorizationServer, OrgServerName, StringComparison.Ordinal))
        {
            issuers = [registry.OrgServer];
        }
        else if (registry.TryGetCustomServer(authorizationServer, out var custom))
        {
            issuers = [custom];
        }
        else
        {
            await error.WriteLineAsync($"No authorization server '{authorizationServer}'. Known: {string.Join(", ", registry.All.Select(Name))}.");
            return 1;
        }

        var rotation = services.GetRequiredService<KeyRotation>();
        foreach (var issuer in issuers)
        {
            var result = await rotation.RotateAsync(issuer.KeyId, cancellationToken);
            await output.WriteLineAsync(Describe(issuer, result));
        }

        return 0;
    }

    private static string Name(Issuer issuer) => issuer.AuthorizationServerId ?? OrgServerName;

    private static string Describe(Issuer issuer, KeyRotationResult result)
    {
        var server = $"{Name(issuer)} ({issuer.Name})";
        return result.Outcome switch
        {
            KeyRotationOutcome.Rotated => string.Create(CultureInfo.InvariantCulture,
                $"{server}: published new key {result.KeyId}; it signs from {result.ActivatesAt:u}. " +
                $"Retiring then: {string.Join(", ", result.RetiredKeyIds)} (in JWKS until {result.RetiredKeysUnpublishedAt:u}, " +
                $"validating refresh tokens until {result.RetiredKeysDeletedAt:u})."),
            KeyRotationOutcome.Created => string.Create(CultureInfo.InvariantCulture,
                $"{server}: created first key {result.KeyId}, signing now."),
            KeyRotationOutcome.AlreadyPending => string.Create(CultureInfo.InvariantCulture,
                $"{server}: unchanged, a rotation is already pending: key {result.KeyId} signs from {result.ActivatesAt:u}."),
            _ => string.Create(CultureInfo.InvariantCulture, $"{server}: unchanged."),
        };
    }
}
