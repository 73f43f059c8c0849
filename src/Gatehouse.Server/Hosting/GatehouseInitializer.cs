using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Groups;
using Gatehouse.Core.Orgs;
using Gatehouse.Server.Hosting.Seeding;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Hosting;

/// <summary>
/// Brings the database to the current schema and the org to its minimum (the <c>default</c> authorization server,
/// the Everyone group), applies the seed file, then loads the keys. Runs before the server accepts requests.
/// </summary>
internal sealed partial class GatehouseInitializer(
    IServiceScopeFactory scopeFactory,
    IssuerRegistry registry,
    KeyRing keyRing,
    LongestTokenLifetimes lifetimes,
    IOptions<GatehouseOptions> options,
    TimeProvider timeProvider,
    ILogger<GatehouseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopeFactory.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<GatehouseDbContext>();
            // MigrateAsync also takes the migrations lock and diffs the model against the snapshot (≈ 0.5 s of a
            // restart); a database that is up to date needs neither.
            if ((await database.Database.PendingAsync(cancellationToken)).Count > 0)
            {
                await database.Database.MigrateGatehouseAsync(cancellationToken);
            }
            await EnsureOrgDefaultsAsync(database, cancellationToken);
            // Before anything uses Data Protection (ADR 0012): all nodes must share one key-encryption certificate.
            DataProtection.KeyEncryptionCertificate.EnsureCanReadKeyRing(
                scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>(),
                options.Value.KeyEncryptionCertificatePath);

            // Global keys first: the seed hashes client secrets and API tokens with the key ring's hashing key.
            await keyRing.LoadAsync([], cancellationToken);
            if (options.Value.SeedFile is { Length: > 0 } seedFile)
            {
                var summary = await scope.ServiceProvider.GetRequiredService<SeedApplier>().ApplyAsync(seedFile, cancellationToken);
                LogSeedApplied(logger, seedFile, summary);
            }

            await scope.ServiceProvider.GetRequiredService<Apps.AdminConsoleApp>().EnsureAsync(options.Value.ResolvePublicOrigin(), cancellationToken);

            // After the seed, which may declare the admins; needs the key ring's hashing key.
            await scope.ServiceProvider.GetRequiredService<Registration.BootstrapToken>().EnsureAsync(
                database,
                scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Users.GatehouseUser>>(),
                scope.ServiceProvider.GetRequiredService<Apps.SecretHasher>(),
                cancellationToken);
        }

        await registry.ReloadAsync(cancellationToken);
        await lifetimes.ReloadAsync(cancellationToken);
        await keyRing.LoadAsync(registry.All.Select(issuer => issuer.KeyId), cancellationToken);
    }

    private async Task EnsureOrgDefaultsAsync(GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!await database.AuthorizationServers.AnyAsync(server => server.Id == AuthorizationServer.DefaultId, cancellationToken))
        {
            database.AuthorizationServers.Add(new AuthorizationServer
            {
                Id = AuthorizationServer.DefaultId,
                Name = "default",
                Description = "Default Authorization Server",
                Audience = "api://default",
                Created = now,
            });
        }

        // Okta's default server ships with its default access policy; given once, so a deleted one stays deleted.
        if (await database.AuthorizationServers.FindAsync([AuthorizationServer.DefaultId], cancellationToken) is { DefaultPolicyCreated: false } defaultServer)
        {
            var (policy, rule) = DefaultAccessPolicy.Create(defaultServer.Id, now);
            database.AuthorizationServerPolicies.Add(policy);
            database.AuthorizationServerPolicyRules.Add(rule);
            defaultServer.DefaultPolicyCreated = true;
        }

        if (!await database.Orgs.AnyAsync(cancellationToken))
        {
            database.Orgs.Add(new Org { Name = "Gatehouse", Created = now });
        }

        if (!await database.Groups.AnyAsync(group => group.Type == GroupType.BuiltIn, cancellationToken))
        {
            database.Groups.Add(new Group
            {
                Name = Group.EveryoneName,
                Description = "All users in your organization",
                Type = GroupType.BuiltIn,
                Created = now,
                LastUpdated = now,
            });
        }

        await database.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied seed file {SeedFile}: {Summary}")]
    private static partial void LogSeedApplied(ILogger logger, string seedFile, SeedSummary summary);
}
