using System.Data.Common;

using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gatehouse.Storage;

/// <summary>
/// PostgreSQL's <c>text</c> cannot hold U+0000 (it fails the whole statement with "invalid byte sequence for encoding
/// UTF8: 0x00"), while SQLite stores it like any character. Hostile requests carry it (<c>client_id=%00</c>, a NUL in
/// an HTTP Basic user name, a sign-in form's username): on SQLite such a look-up simply finds nothing and the protocol
/// answers <c>invalid_client</c>; on PostgreSQL it would be a 500. So every string parameter sent to PostgreSQL has
/// U+0000 replaced by U+FFFF, a Unicode noncharacter that no client id, token or login contains: look-ups still find
/// nothing, and a value written with it (which no legitimate input has) reads back with U+FFFF in its place.
/// </summary>
public sealed class PostgresNulCharacters : DbCommandInterceptor
{
    private PostgresNulCharacters()
    {
    }

    public static PostgresNulCharacters Instance { get; } = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Replace(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Replace(command);
        return ValueTask.FromResult(result);
    }

    private static void Replace(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (DbParameter parameter in command.Parameters)
        {
            switch (parameter.Value)
            {
                case string text when text.Contains('\0', StringComparison.Ordinal):
                    parameter.Value = text.Replace('\0', '\uffff');
                    break;
                case IEnumerable<string?> texts when texts.Any(text => text?.Contains('\0', StringComparison.Ordinal) == true):
                    parameter.Value = texts.Select(text => text?.Replace('\0', '\uffff')).ToArray();
                    break;
            }
        }
    }
}
