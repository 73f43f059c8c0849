namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// What one import run knows: how ids in the file map to ids in this database (an object matched by name keeps the
/// id it has here), and what changed. Values are compared before they are set so that importing the same file again
/// leaves every row as it is.
/// </summary>
internal sealed class ImportContext
{
    public Dictionary<string, string> GroupIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> UserIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> PolicyIds { get; } = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];

    /// <summary>What was written, one line per row: "Added GatehouseUser", "Modified AppGroupAssignment (Priority)".</summary>
    public List<string> Changes { get; } = [];

    public int AppsCreated { get; set; }

    public int AppsUpdated { get; set; }

    public static string Describe(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var modified = entry.Properties.Where(property => property.IsModified).Select(property => property.Metadata.Name).ToList();
        return $"{entry.State} {entry.Metadata.ClrType.Name}" + (modified.Count == 0 ? string.Empty : $" ({string.Join(", ", modified)})");
    }

    public string Group(string id) => GroupIds.GetValueOrDefault(id, id);

    public string User(string id) => UserIds.GetValueOrDefault(id, id);

    /// <summary>The current value when equal to the microsecond: PostgreSQL keeps no more, SQLite keeps ticks.</summary>
    public static DateTimeOffset Date(DateTimeOffset current, DateTimeOffset value) =>
        Math.Abs((current - value).Ticks) < 10 ? current : value;

    public static DateTimeOffset? Date(DateTimeOffset? current, DateTimeOffset? value) =>
        current is { } a && value is { } b ? Date(a, b) : value;

    /// <summary>Lists are JSON columns: an equal list keeps the current instance, so the row stays unchanged.</summary>
    public static List<T> List<T>(List<T> current, List<T> value) => current.SequenceEqual(value) ? current : value;
}
