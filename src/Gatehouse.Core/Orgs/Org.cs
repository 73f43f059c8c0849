using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.Orgs;

/// <summary>The organization this Gatehouse serves (one per installation for now). Its id is the <c>idp</c> claim.</summary>
public sealed class Org
{
    public string Id { get; set; } = OktaId.NewOrgId();

    public required string Name { get; set; }

    public DateTimeOffset Created { get; set; }

    /// <summary>
    /// Keyed hash of the one-time bootstrap token that <c>gatehouse register</c> needs while the org has no admin;
    /// null once used. Only the hash is stored: the token itself is shown once, to whoever can read the data directory.
    /// </summary>
    public string? BootstrapTokenHash { get; set; }
}
