using System.Text.Json;

using Gatehouse.Core.ApiTokens;
using Gatehouse.Core.Apps;
using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Groups;
using Gatehouse.Core.Orgs;
using Gatehouse.Core.Users;
using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Hosting.Seeding;

/// <summary>
/// Applies a seed file idempotently at every start: what it declares is created or brought up to date, nothing
/// else is touched. Passwords are hashed only when a user is created or its <c>passwordVersion</c> changes, so a
/// restart with thousands of seeded users costs no hashing at all.
/// </summary>
internal sealed class SeedApplier(
    GatehouseDbContext database,
    UserManager<GatehouseUser> users,
    RoleManager<IdentityRole> roles,
    AppIntegrations apps,
    IOpenIddictScopeManager scopes,
    SecretHasher hasher,
    TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public async Task<SeedSummary> ApplyAsync(string path, CancellationToken cancellationToken)
    {
        SeedDocument seed;
        await using (var stream = File.OpenRead(path))
        {
            seed = await JsonSerializer.DeserializeAsync<SeedDocument>(stream, JsonOptions, cancellationToken)
                ?? throw new InvalidDataException($"The seed file {path} is empty.");
        }

        await ApplyOrgAsync(seed.Org, cancellationToken);
        var groupIds = await ApplyGroupsAsync(seed.Groups, cancellationToken);
        var (created, updated, passwords) = await ApplyUsersAsync(seed.Users, groupIds, cancellationToken);
        await ApplyAuthorizationServersAsync(seed.AuthorizationServers, cancellationToken);
        await ApplyAppsAsync(seed.Apps, groupIds, cancellationToken);
        await ApplyApiTokensAsync(seed.ApiTokens, cancellationToken);
        return new SeedSummary(created, updated, passwords, seed.Groups.Count, seed.Apps.Count, seed.ApiTokens.Count);
    }

    private async Task ApplyOrgAsync(SeedOrg? org, CancellationToken cancellationToken)
    {
        var existing = await database.Orgs.SingleAsync(cancellationToken);
        if (org?.Name is { Length: > 0 } name && existing.Name != name)
        {
            existing.Name = name;
            await database.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Returns every group id by name (case-insensitive), Everyone included.</summary>
    private async Task<Dictionary<string, string>> ApplyGroupsAsync(List<SeedGroup> groups, CancellationToken cancellationToken)
    {
        var existing = await database.Groups.ToDictionaryAsync(group => group.Name, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var declared in groups)
        {
            if (!existing.TryGetValue(declared.Name, out var group))
            {
                group = new Group { Name = declared.Name, Created = now };
                database.Groups.Add(group);
                existing[declared.Name] = group;
            }

            if (group.Type == GroupType.OktaGroup && group.Description != declared.Description)
            {
                group.Description = declared.Description;
                group.LastUpdated = now;
            }
        }

        await database.SaveChangesAsync(cancellationToken);
        return existing.ToDictionary(pair => pair.Key, pair => pair.Value.Id, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<(int Created, int Updated, int Passwords)> ApplyUsersAsync(
        List<SeedUser> declaredUsers, Dictionary<string, string> groupIds, CancellationToken cancellationToken)
    {
        var existing = await database.Users.ToDictionaryAsync(user => user.NormalizedUserName!, StringComparer.Ordinal, cancellationToken);
        var memberships = (await database.GroupMemberships.ToListAsync(cancellationToken))
            .Select(membership => (membership.GroupId, membership.UserId)).ToHashSet();
        if (declaredUsers.GroupBy(user => users.NormalizeName(user.Login)).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw new InvalidDataException($"The seed declares the login '{duplicate.First().Login}' more than once.");
        }

        int updated = 0, passwords = 0;
        var seeded = new List<(SeedUser Declared, GatehouseUser User)>(declaredUsers.Count);
        var createdUsers = new List<(SeedUser Declared, GatehouseUser User)>();
        foreach (var declared in declaredUsers)
        {
            var now = timeProvider.GetUtcNow();
            if (!existing.TryGetValue(users.NormalizeName(declared.Login), out var user))
            {
                user = new GatehouseUser { UserName = declared.Login, Created = now };
                Apply(declared, user, now);
                existing[users.NormalizeName(declared.Login)] = user;
                createdUsers.Add((declared, user));
            }
            else
            {
                var changed = Apply(declared, user, now);
                if (HasSecret(declared) && user.SeedPasswordVersion != declared.PasswordVersion)
                {
                    await SetPasswordAsync(declared, user);
                    changed = true;
                    passwords++;
                }

                if (changed)
                {
                    Check(declared, await users.UpdateAsync(user));
                    updated++;
                }
            }

            seeded.Add((declared, user));
        }

        passwords += await CreateUsersAsync(createdUsers, cancellationToken);
        foreach (var (declared, user) in seeded)
        {
            foreach (var groupName in declared.Groups)
            {
                var groupId = groupIds.TryGetValue(groupName, out var id) ? id
                    : throw new InvalidDataException($"Seed user '{declared.Login}' names an undeclared group '{groupName}'.");
                if (memberships.Add((groupId, user.Id)))
                {
                    database.GroupMemberships.Add(new GroupMembership { GroupId = groupId, UserId = user.Id });
                }
            }
        }

        await database.SaveChangesAsync(cancellationToken);
        await ApplyAdminRolesAsync(seeded);
        return (createdUsers.Count, updated, passwords);
    }

    private async Task ApplyAdminRolesAsync(List<(SeedUser Declared, GatehouseUser User)> seeded)
    {
        foreach (var (declared, user) in seeded.Where(pair => pair.Declared.AdminRoles.Count > 0))
        {
            var current = await users.GetRolesAsync(user);
            foreach (var declaredRole in declared.AdminRoles)
            {
                var role = AdminRoles.All.FirstOrDefault(known => string.Equals(known, declaredRole, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidDataException(
                        $"Seed user '{declared.Login}' names an unknown admin role '{declaredRole}' ({string.Join(", ", AdminRoles.All)}).");
                if (!await roles.RoleExistsAsync(role))
                {
                    Check(declared, await roles.CreateAsync(new IdentityRole(role)));
                }

                if (!current.Contains(role))
                {
                    Check(declared, await users.AddToRoleAsync(user, role));
                    current.Add(role);
                }
            }
        }
    }

    /// <summary>
    /// Creates new users. Their passwords are checked against the password policy first, then hashed in parallel:
    /// PBKDF2 is deliberately slow, and the first start with thousands of seeded users would otherwise take minutes.
    /// </summary>
    private async Task<int> CreateUsersAsync(List<(SeedUser Declared, GatehouseUser User)> created, CancellationToken cancellationToken)
    {
        var withPassword = created.Where(pair => pair.Declared.Password is not null).ToList();
        foreach (var (declared, user) in withPassword)
        {
            foreach (var validator in users.PasswordValidators)
            {
                Check(declared, await validator.ValidateAsync(users, user, declared.Password!));
            }
        }

        var hashes = new string[withPassword.Count];
        Parallel.For(0, withPassword.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            index => hashes[index] = users.PasswordHasher.HashPassword(withPassword[index].User, withPassword[index].Declared.Password!));
        for (var index = 0; index < withPassword.Count; index++)
        {
            withPassword[index].User.PasswordHash = hashes[index];
        }

        foreach (var (declared, user) in created)
        {
            if (declared.PasswordHash is not null)
            {
                user.PasswordHash = declared.PasswordHash;
            }

            user.SeedPasswordVersion = HasSecret(declared) ? declared.PasswordVersion : null;
            Check(declared, await users.CreateAsync(user));
        }

        return created.Count(pair => HasSecret(pair.Declared));
    }

    private async Task SetPasswordAsync(SeedUser declared, GatehouseUser user)
    {
        if (declared.PasswordHash is not null)
        {
            user.PasswordHash = declared.PasswordHash;
            Check(declared, await users.UpdateSecurityStampAsync(user));
        }
        else
        {
            Check(declared, await users.RemovePasswordAsync(user));
            Check(declared, await users.AddPasswordAsync(user, declared.Password!));
        }

        user.SeedPasswordVersion = declared.PasswordVersion;
    }

    private static bool HasSecret(SeedUser declared) => declared.Password is not null || declared.PasswordHash is not null;

    /// <summary>Copies the declared profile onto the user; true when anything changed.</summary>
    private static bool Apply(SeedUser declared, GatehouseUser user, DateTimeOffset now)
    {
        var before = (user.Email, user.FirstName, user.LastName, user.Locale, user.TimeZone);
        user.Email = declared.Email ?? (declared.Login.Contains('@', StringComparison.Ordinal) ? declared.Login : null);
        user.EmailConfirmed = user.Email is not null;
        user.FirstName = declared.FirstName;
        user.LastName = declared.LastName;
        user.Locale = declared.Locale;
        user.TimeZone = declared.TimeZone;
        if (before == (user.Email, user.FirstName, user.LastName, user.Locale, user.TimeZone))
        {
            return false;
        }

        user.LastUpdated = now;
        return true;
    }

    private static void Check(SeedUser declared, IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidDataException(
                $"Seed user '{declared.Login}': {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }

    private async Task ApplyAuthorizationServersAsync(List<SeedAuthorizationServer> servers, CancellationToken cancellationToken)
    {
        foreach (var declared in servers)
        {
            var server = await database.AuthorizationServers.FindAsync([declared.Id], cancellationToken);
            if (server is null)
            {
                server = new AuthorizationServer
                {
                    Id = declared.Id,
                    Name = declared.Name ?? declared.Id,
                    Audience = declared.Audience ?? $"api://{declared.Id}",
                    Created = timeProvider.GetUtcNow(),
                };
                database.AuthorizationServers.Add(server);
            }

            server.Description = declared.Description ?? server.Description;
            server.Audience = declared.Audience ?? server.Audience;
            foreach (var scope in declared.Scopes)
            {
                if (await database.AuthorizationServerScopes.FindAsync([declared.Id, scope.Name], cancellationToken) is null)
                {
                    database.AuthorizationServerScopes.Add(new AuthorizationServerScope
                    {
                        AuthorizationServerId = declared.Id,
                        Name = scope.Name,
                        Description = scope.Description,
                    });
                }

                // OpenIddict accepts only scopes it knows; which server offers which scope is checked by Gatehouse.
                if (await scopes.FindByNameAsync(scope.Name, cancellationToken) is null)
                {
                    await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = scope.Name, Description = scope.Description }, cancellationToken);
                }
            }
        }

        await database.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyAppsAsync(List<SeedApp> declaredApps, Dictionary<string, string> groupIds, CancellationToken cancellationToken)
    {
        foreach (var declared in declaredApps)
        {
            var type = declared.Type.ToUpperInvariant() switch
            {
                "WEB" => AppIntegrationType.Web,
                "SERVICE" => AppIntegrationType.Service,
                _ => throw new InvalidDataException($"Seed app '{declared.Label}': unknown type '{declared.Type}' (web or service)."),
            };
            var defaults = RefreshTokenSettings.DefaultFor(type == AppIntegrationType.Web ? "web" : "service");
            // Not declared: a new app gets its type's default, an existing one keeps what the API or console set.
            var refreshToken = declared.RefreshTokenRotation is null && declared.RefreshTokenLeeway is null ? null : new RefreshTokenSettings(
                declared.RefreshTokenRotation?.ToUpperInvariant() ?? defaults.RotationType, declared.RefreshTokenLeeway ?? defaults.Leeway);
            if (refreshToken is not null
                && (!RefreshTokenSettings.IsValidRotationType(refreshToken.RotationType) || !RefreshTokenSettings.IsValidLeeway(refreshToken.Leeway)))
            {
                throw new InvalidDataException(
                    $"Seed app '{declared.Label}': refreshTokenRotation must be ROTATE or STATIC and refreshTokenLeeway 0 to {RefreshTokenSettings.MaxLeeway}.");
            }

            var appId = await apps.CreateOrUpdateAsync(
                new AppIntegration(declared.Label, type, declared.ClientId, declared.ClientSecret, declared.RedirectUris,
                    declared.PostLogoutRedirectUris, declared.Scopes, declared.PkceRequired, refreshToken),
                cancellationToken);

            var groups = declared.Groups.Count > 0 ? declared.Groups : [Group.EveryoneName];
            foreach (var groupName in groups)
            {
                var groupId = groupIds.TryGetValue(groupName, out var id) ? id
                    : throw new InvalidDataException($"Seed app '{declared.Label}' names an undeclared group '{groupName}'.");
                if (await database.AppGroupAssignments.FindAsync([appId, groupId], cancellationToken) is null)
                {
                    database.AppGroupAssignments.Add(new AppGroupAssignment { AppId = appId, GroupId = groupId });
                }
            }
        }

        await database.SaveChangesAsync(cancellationToken);
    }

    private async Task ApplyApiTokensAsync(List<SeedApiToken> tokens, CancellationToken cancellationToken)
    {
        foreach (var declared in tokens)
        {
            var user = await users.FindByNameAsync(declared.User)
                ?? throw new InvalidDataException($"Seed API token '{declared.Name}' names an unknown user '{declared.User}'.");
            var hash = hasher.Hash(declared.Token);
            var existing = await database.ApiTokens.FirstOrDefaultAsync(token => token.Name == declared.Name && token.UserId == user.Id, cancellationToken);
            if (existing is null)
            {
                database.ApiTokens.Add(new ApiToken { Name = declared.Name, UserId = user.Id, TokenHash = hash, Created = timeProvider.GetUtcNow() });
            }
            else
            {
                existing.TokenHash = hash;
            }
        }

        await database.SaveChangesAsync(cancellationToken);
    }
}
