using System.Text.Json;
using System.Text.Json.Serialization;

using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Groups;
using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Core.Users;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// The file <c>gatehouse export</c> writes and <c>gatehouse import</c> reads (docs/export-import.md). Versioned: an
/// importer refuses a <see cref="Version"/> it does not know rather than guess. Objects keep their ids, so an import
/// matches what an earlier import created.
/// </summary>
internal sealed record OrgExportDocument
{
    public const string FormatName = "gatehouse-org-export";

    public const int CurrentVersion = 1;

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Format { get; init; } = FormatName;

    public int Version { get; init; } = CurrentVersion;

    public DateTimeOffset ExportedAt { get; init; }

    /// <summary>True when the file holds private signing keys and client secret values: treat it as a secret.</summary>
    public bool IncludesKeys { get; init; }

    public string? OrgName { get; init; }

    public List<Group> Groups { get; init; } = [];

    public List<ExportedUser> Users { get; init; } = [];

    public List<ExportedAuthorizationServer> AuthorizationServers { get; init; } = [];

    public List<ExportedApp> Apps { get; init; } = [];

    public List<TrustedOrigin> TrustedOrigins { get; init; } = [];

    /// <summary>Private signing keys (PKCS#8 PEM), only with <c>--include-keys</c>.</summary>
    public List<ExportedSigningKey>? SigningKeys { get; init; }
}

/// <summary>
/// A user with ASP.NET Core Identity's password hash (PBKDF2 with its own salt and iteration count, no server key:
/// valid on any server) and security stamp.
/// </summary>
internal sealed record ExportedUser(
    string Id,
    string UserName,
    string? Email,
    bool EmailConfirmed,
    string? PhoneNumber,
    string? FirstName,
    string? LastName,
    string? Locale,
    string? TimeZone,
    UserStatus Status,
    string? PasswordHash,
    string? SecurityStamp,
    bool LockoutEnabled,
    DateTimeOffset? LockoutEnd,
    int AccessFailedCount,
    DateTimeOffset Created,
    DateTimeOffset LastUpdated,
    DateTimeOffset? Activated,
    DateTimeOffset? StatusChanged,
    DateTimeOffset? PasswordChanged,
    DateTimeOffset? LastLogin,
    List<string> GroupIds,
    List<string> AdminRoles);

internal sealed record ExportedAuthorizationServer(
    AuthorizationServer Server,
    List<AuthorizationServerScope> Scopes,
    List<AuthorizationServerPolicy> Policies,
    List<AuthorizationServerPolicyRule> Rules);

/// <summary>An OIDC app with its OpenIddict settings, assignments and client secrets.</summary>
internal sealed record ExportedApp(
    string Id,
    string ClientId,
    string Label,
    string Status,
    DateTimeOffset Created,
    DateTimeOffset LastUpdated,
    string ApplicationType,
    List<string> RedirectUris,
    List<string> PostLogoutRedirectUris,
    List<string> ResponseTypes,
    List<string> GrantTypes,
    string TokenEndpointAuthMethod,
    bool PkceRequired,
    bool AutoKeyRotation,
    string ConsentMethod,
    string? InitiateLoginUri,
    List<string>? CustomScopes,
    List<ExportedClientSecret> Secrets,
    List<ExportedGroupAssignment> GroupAssignments,
    List<string> UserIds);

/// <summary>
/// A client secret. Its stored hash is keyed with the exporting server's hashing key and its ciphertext bound to that
/// server's Data Protection keys: neither works elsewhere, so the value itself travels, only with <c>--include-keys</c>.
/// </summary>
internal sealed record ExportedClientSecret(string Id, string Status, DateTimeOffset Created, DateTimeOffset LastUpdated, string? Value);

internal sealed record ExportedGroupAssignment(string GroupId, int Priority);

internal sealed record ExportedSigningKey(
    string Id,
    string? AuthorizationServerId,
    string Algorithm,
    string PrivateKeyPem,
    DateTimeOffset Created,
    DateTimeOffset ActivatesAt,
    DateTimeOffset? RetiredAt);
