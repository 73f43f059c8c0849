using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Tokens;

/// <summary>
/// How many writes a grant makes to the token table (Protocol/TokenEntries/DeferReferenceTokenEntryWrite): a new
/// reference token (refresh token, code) is one INSERT carrying its payload and hashed reference id, not an insert
/// then an update; redeeming the old refresh token stays one concurrency-checked UPDATE; self-contained access and ID
/// tokens write nothing (ADR 0013). Its own server, whose
/// contexts carry a command-recording interceptor (EF's diagnostic events are cached per pooled context).
/// </summary>
public sealed class TokenEntryWriteTests : IAsyncLifetime
{
    private const string Insert = "INSERT INTO \"OpenIddictTokens\"";
    private const string Update = "UPDATE \"OpenIddictTokens\"";

    private readonly RecordedCommands _commands = new();
    private GatehouseServer? _server;

    private GatehouseServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await GatehouseServer.StartAsync(configureServices: services =>
        {
            // The SQLite store registers GatehouseDbContext itself, the PostgreSQL one its subclass.
            services.ConfigureDbContext<GatehouseDbContext>(options => options.AddInterceptors(_commands));
            services.ConfigureDbContext<PostgresGatehouseDbContext>(options => options.AddInterceptors(_commands));
        });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Refresh_WritesEachNewEntryOnceAndRedeemsWithOneUpdate()
    {
        var (request, tokens) = await Issued.TokensAsync(Server, Server.DefaultIssuer);
        using var http = Server.CreateClient();
        var client = new TokenClient(http);

        _commands.Clear();
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        // The new refresh token's entry (the access and ID tokens have none); the old refresh token redeemed.
        Assert.True(_commands.Count(Insert) == 1, _commands.ToString());
        Assert.True(_commands.Count(Update) == 1, _commands.ToString());

        // The entry written once is complete: the new refresh token works, and its access token at userinfo too.
        var again = await client.RefreshAsync(request.EndpointBase, refreshed["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.UserInfoAsync(request.EndpointBase, again["access_token"]!)).Status);
    }

    [Fact]
    public async Task ClientCredentials_WritesNoTokenEntry()
    {
        using var http = Server.CreateClient();
        _commands.Clear();

        var tokens = await new TokenClient(http).ClientCredentialsAsync(Issued.EndpointBase(Server.DefaultIssuer), TestSeed.CustomScope);

        Assert.False(string.IsNullOrEmpty(tokens["access_token"]));
        Assert.True(_commands.Count(Insert) == 0 && _commands.Count(Update) == 0, _commands.ToString());
    }

    [Fact]
    public async Task AuthorizationCode_IsOneInsert()
    {
        _commands.Clear();

        await Issued.CodeAsync(Server, Server.DefaultIssuer);

        Assert.True(_commands.Count(Insert) == 1, _commands.ToString());
        Assert.True(_commands.Count(Update) == 0, _commands.ToString());
    }

    /// <summary>The SQL text of every command the server's contexts run.</summary>
    private sealed class RecordedCommands : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public void Clear() => _texts.Clear();

        public int Count(string prefix) => _texts.Count(text => text.Contains(prefix, StringComparison.Ordinal));

        public override string ToString() => string.Join("\n", _texts);

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _texts.Enqueue(command.CommandText);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            _texts.Enqueue(command.CommandText);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
