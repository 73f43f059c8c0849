namespace Gatehouse.Server.Hosting.Caching;

/// <summary>
/// A counter that moves whenever configuration that hot paths cache (authorization servers, their policies, rules
/// and scopes; apps) is saved. A cache entry remembers the version it was loaded under and is used only while the
/// version is unchanged, so an admin change is seen by the next request on this node.
/// </summary>
internal sealed class ConfigurationVersion
{
    private long _current;

    public long Current => Interlocked.Read(ref _current);

    public void Advance() => Interlocked.Increment(ref _current);
}

/// <summary>
/// One value cached under a <see cref="ConfigurationVersion"/>. The version is read before loading: a change that
/// commits while the value loads advances the version afterwards, so the value is reloaded at the next use.
/// </summary>
internal sealed class VersionedCache<TKey, TValue>(ConfigurationVersion version)
    where TKey : notnull
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TKey, (long Version, TValue Value)> _entries = new();

    public ValueTask<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken) =>
        GetAsync(key, load, keep: null, cancellationToken);

    /// <param name="keep">Whether to remember a loaded value; values it refuses (say, a miss for a key a caller made
    /// up) are loaded again at each use, so callers cannot grow the cache with keys that do not exist.</param>
    public async ValueTask<TValue> GetAsync(
        TKey key, Func<TKey, CancellationToken, Task<TValue>> load, Func<TValue, bool>? keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var current = version.Current;
        if (_entries.TryGetValue(key, out var entry) && entry.Version == current)
        {
            return entry.Value;
        }

        var value = await load(key, cancellationToken).ConfigureAwait(false);
        if (keep is null || keep(value))
        {
            _entries[key] = (current, value);
        }
        else
        {
            _entries.TryRemove(key, out _);
        }

        return value;
    }
}
