using System.Collections.Concurrent;
using System.Data.Common;

using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Apps;

/// <summary>Records the SQL text of every command a test server's DbContexts execute, to assert what a request reads.</summary>
internal sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<(DbContext? Context, string Text)> _commands = new();

    /// <summary>Every command of every context, background services' included (e.g. the configuration poll on PostgreSQL).</summary>
    public IReadOnlyList<string> Commands => [.. _commands.Select(command => command.Text)];

    /// <summary>The commands one context ran: what a request did, without the server's background work.</summary>
    public IReadOnlyList<string> CommandsOf(DbContext context) =>
        [.. _commands.Where(command => ReferenceEquals(command.Context, context)).Select(command => command.Text)];

    public void Clear() => _commands.Clear();

    /// <summary>Adds the recorder to the server's DbContext options, for whichever provider the test run uses.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<GatehouseDbContext>(options => options.AddInterceptors(this));
        services.ConfigureDbContext<PostgresGatehouseDbContext>(options => options.AddInterceptors(this));
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Record(command, eventData, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Record(command, eventData, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Record(command, eventData, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, eventData, result));

    private T Record<T>(DbCommand command, CommandEventData eventData, T result)
    {
        _commands.Enqueue((eventData.Context, command.CommandText));
        return result;
    }
}
