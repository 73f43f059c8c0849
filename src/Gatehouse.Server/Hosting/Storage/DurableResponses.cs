namespace Gatehouse.Server.Hosting.Storage;

/// <summary>
/// Holds a response back until the commits its request made are on disk (<see cref="SqliteGroupCommit"/>): the
/// SQLite commit hook marks the request's <see cref="RequestCommits"/>, and the response's OnStarting callback
/// waits for the group fsync. Requests that only read never wait.
/// </summary>
internal static class DurableResponses
{
    public static IApplicationBuilder UseDurableResponses(this IApplicationBuilder app)
    {
        var groupCommit = app.ApplicationServices.GetService<SqliteGroupCommit>();
        if (groupCommit is null)
        {
            return app; // not on SQLite: the database makes its own commits durable
        }

        return app.Use(async (context, next) =>
        {
            var commits = RequestCommits.Begin();
            context.Response.OnStarting(static state =>
            {
                var (commits, groupCommit) = ((RequestCommits, SqliteGroupCommit))state;
                if (!commits.TakeCommitted())
                {
                    return Task.CompletedTask;
                }

                groupCommit.NoteResponseHeld();
                return groupCommit.WaitUntilDurableAsync().AsTask();
            }, (commits, groupCommit));

            await next(context).ConfigureAwait(false);

            // A commit after the response started (rare) still reaches the disk before the request ends.
            if (commits.TakeCommitted())
            {
                await groupCommit.WaitUntilDurableAsync(CancellationToken.None).ConfigureAwait(false);
            }
        });
    }
}

/// <summary>Whether the current request committed since its last durability wait; flows with the request's async context.</summary>
internal sealed class RequestCommits
{
    private static readonly AsyncLocal<RequestCommits?> Current = new();
    private int _committed;

    public static RequestCommits Begin()
    {
        var commits = new RequestCommits();
        Current.Value = commits;
        return commits;
    }

    /// <summary>From SQLite's commit hook, on the committing thread: marks the current request, or else a background commit.</summary>
    public static void NoteCommit(SqliteGroupCommit groupCommit)
    {
        if (Current.Value is { } commits)
        {
            Volatile.Write(ref commits._committed, 1);
        }
        else
        {
            groupCommit.NoteBackgroundCommit();
        }
    }

    /// <summary>
    /// For a commit made on the current request's behalf in another request's transaction (the System Log's group
    /// write): the current response waits for it to be durable as for its own commits. Outside a request, nothing to do.
    /// </summary>
    public static void NoteCommitOfCurrentRequest()
    {
        if (Current.Value is { } commits)
        {
            Volatile.Write(ref commits._committed, 1);
        }
    }

    public bool TakeCommitted() => Interlocked.Exchange(ref _committed, 0) == 1;
}

/// <summary>Flushes commits made outside requests (seeding, key rotation, System Log retention) within 200 ms, and at shutdown.</summary>
internal sealed class BackgroundCommitFlusher(SqliteGroupCommit groupCommit) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, stoppingToken).ConfigureAwait(false);
                await FlushPendingAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushPendingAsync().ConfigureAwait(false);
    }

    private async Task FlushPendingAsync()
    {
        if (groupCommit.TakeBackgroundCommit())
        {
            await groupCommit.WaitUntilDurableAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
