namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// Okta keeps the priorities of a server's policies (and of a policy's rules) at 1..n: an item created or moved to
/// priority p goes before the one that had it, and a missing or too large priority means last.
/// </summary>
internal static class Priorities
{
    public static void Place<T>(IEnumerable<T> siblings, T item, int? priority, Func<T, int> get, Action<T, int> set)
        where T : class
    {
        var ordered = siblings.Where(sibling => !ReferenceEquals(sibling, item)).OrderBy(get).ToList();
        var index = priority is { } wanted ? Math.Clamp(wanted - 1, 0, ordered.Count) : ordered.Count;
        ordered.Insert(index, item);
        Renumber(ordered, set);
    }

    public static void Renumber<T>(IEnumerable<T> ordered, Action<T, int> set)
    {
        var priority = 1;
        foreach (var item in ordered)
        {
            set(item, priority++);
        }
    }
}
