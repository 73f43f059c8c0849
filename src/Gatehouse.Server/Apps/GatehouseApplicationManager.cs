using Microsoft.Extensions.Options;

using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// OpenIddict's application manager with client secrets kept as keyed hashes (<see cref="SecretHasher"/>)
/// instead of PBKDF2, which costs ~10 ms of CPU on every token request; and with several secrets per app (Okta's
/// secret rotation: any ACTIVE secret in the app's list is accepted, a deactivated one is not).
/// </summary>
internal sealed class GatehouseApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    SecretHasher hasher)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<bool> ValidateClientSecretAsync(
        OpenIddictEntityFrameworkCoreApplication application, string secret, CancellationToken cancellationToken = default)
    {
        var secrets = OidcAppStore.ReadSecrets(await GetPropertiesAsync(application, cancellationToken));
        if (secrets is null)
        {
            return await base.ValidateClientSecretAsync(application, secret, cancellationToken);
        }

        if (string.IsNullOrEmpty(secret) || await HasClientTypeAsync(application, ClientTypes.Public, cancellationToken))
        {
            return false;
        }

        // Every stored secret is compared, so the time taken does not tell which one matched.
        var valid = false;
        foreach (var stored in secrets)
        {
            valid |= hasher.Verify(secret, stored.Hash) & stored.IsActive;
        }

        return valid;
    }

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(hasher.Hash(secret));

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(hasher.Verify(secret, comparand));
}
