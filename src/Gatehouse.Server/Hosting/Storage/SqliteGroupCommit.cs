using System.Diagnostics.Metrics;

namespace Gatehouse.Server.Hosting.Storage;

/// <summary>
/// Group commit for the SQLite store (docs/decisions/0008-sqlite-durability.md). Connections run with
/// <c>synchronous=NORMAL</c>: a commit appends to the WAL without waiting for the disk. Before a response that
/// follows a commit leaves the server, <see cref="WaitUntilDurableAsync"/> fsyncs the WAL once for every commit
/// finished so far — so whatever Gatehouse acknowledged is on disk, as with <c>synchronous=FULL</c>, but concurrent
/// requests share one fsync instead of paying one each while holding SQLite's single write lock.
/// </summary>
internal sealed class SqliteGroupCommit : IDisposable
{
    public const string MeterName = "Gatehouse.Storage";

    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _flushes;
    private long _ticketsIssued;
    private long _durableThrough;
    private long _flushCount;
    private long _responsesHeld;
    private int _backgroundCommitPending;
    private volatile string? _walPath;

    public SqliteGroupCommit() =>
        _flushes = _meter.CreateCounter<long>("gatehouse.storage.wal_flushes", description: "WAL fsyncs, each covering every commit finished before it");

    /// <summary>How many fsyncs ran.</summary>
    public long FlushCount => Interlocked.Read(ref _flushCount);

    /// <summary>How many responses waited for their commits; a test reads it to see that writes wait and reads do not.</summary>
    public long ResponsesHeldForDurability => Interlocked.Read(ref _responsesHeld);

    public void NoteResponseHeld() => Interlocked.Increment(ref _responsesHeld);

    /// <summary>Set once the first connection opens; the WAL sits next to the database file.</summary>
    public void UseDatabaseFile(string databasePath)
    {
        if (_walPath is null && !string.IsNullOrEmpty(databasePath) && databasePath != ":memory:")
        {
            _walPath = databasePath + "-wal";
        }
    }

    /// <summary>Called from SQLite's commit hook for a commit outside any request (seeding, key rotation, retention).</summary>
    public void NoteBackgroundCommit() => Volatile.Write(ref _backgroundCommitPending, 1);

    /// <summary>True (and cleared) when a commit outside a request has not been flushed yet.</summary>
    public bool TakeBackgroundCommit() => Interlocked.Exchange(ref _backgroundCommitPending, 0) == 1;

    /// <summary>
    /// Returns once every commit that finished before this call is on disk. The caller's own commit has finished
    /// (its SaveChanges returned), so the ticket it takes now orders after it; a flush that starts after the ticket
    /// was issued covers it.
    /// </summary>
    public async ValueTask WaitUntilDurableAsync(CancellationToken cancellationToken = default)
    {
        var ticket = Interlocked.Increment(ref _ticketsIssued);
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _durableThrough) >= ticket)
            {
                return; // another caller's fsync, begun after our ticket, covered our commit
            }

            var coveredThrough = Interlocked.Read(ref _ticketsIssued);
            FlushWal();
            Interlocked.Exchange(ref _durableThrough, coveredThrough);
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private void FlushWal()
    {
        var walPath = _walPath;
        if (walPath is null)
        {
            return;
        }

        try
        {
            // fsync(2) through any descriptor flushes the file's dirty pages; opening by path each time follows
            // SQLite when it deletes and recreates the WAL. Opening for write changes nothing in the file.
            using var wal = File.OpenHandle(walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(wal);
        }
        catch (FileNotFoundException)
        {
            // The last connection closed: SQLite checkpointed the WAL into the database file, synced it, and deleted it.
        }

        Interlocked.Increment(ref _flushCount);
        _flushes.Add(1);
    }

    /// <summary>Maintenance commands (<c>gatehouse keys rotate</c>) run no hosted services: their commits are flushed here.</summary>
    public void Dispose()
    {
        if (TakeBackgroundCommit())
        {
            FlushWal();
        }

        _flushLock.Dispose();
        _meter.Dispose();
    }
}
