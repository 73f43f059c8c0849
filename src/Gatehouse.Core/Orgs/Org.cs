using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.Orgs;

/// <summary>The organization this Gatehouse serves (one per installation for now). Its id is the <c>idp</c> claim.</summary>
public sealed class Org
{
    public string Id { get; set; } = OktaId.NewOrgId();

    public required string Name { get; set; }

    public DateTimeOffset Created { get; set; }
}
