namespace Gatehouse.Core.Orgs;

/// <summary>
/// One row that changes, in the same transaction, with every save of configuration that nodes cache (apps,
/// authorization servers and their policies and scopes, trusted origins, signing keys). Every node polls it and drops
/// its caches when it differs from the value it saw last (docs/decisions/0012-stateless-nodes.md).
/// </summary>
public sealed class ConfigurationStamp
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>A fresh random value per change: two nodes writing at once still both move it away from what readers saw.</summary>
    public Guid Value { get; set; }
}
