using System.Collections.Concurrent;
using System.Net;

using Gatehouse.Server.Tests.Infrastructure;
using Gatehouse.Server.Tests.ManagementApi;
using Gatehouse.Server.Tests.Tokens;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests.SystemLog;

/// <summary>
/// Refresh tokens of a deactivated app or of a suspended or deactivated user are refused with an OAuth error, and the
/// System Log handlers that run on those refusals (token grants, reuse detection) neither fail the request nor fail
/// to record: the recorder swallows its own exceptions, so only an error in the server's log would show it.
/// </summary>
public sealed class InactiveRefreshLogTests
{
    [Fact]
    public async Task Refresh_OfDeactivatedAppOrInactiveUserIsRefusedWithoutRecorderErrors()
    {
        var errors = new ErrorCapture();
        await using var server = await GatehouseServer.StartAsync(configureServices: services => services.AddSingleton<ILoggerProvider>(errors));
        using var api = new ManagementApiClient(server);
        using var http = server.CreateClient();
        var tokens = new TokenClient(http);

        var app = await AppsApi.CreateAsync(api, AppsApi.CliWebApp(AppsApi.UniqueLabel("LogInactive"), "authorization_code", "refresh_token"));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/apps/{app["id"]}/users", new { id = await AppsApi.UserIdAsync(api, TestSeed.Alice) })).Status);
        var (appRequest, appTokens) = await Issued.TokensAsync(server, server.DefaultIssuer, clientId: AppsApi.ClientId(app), clientSecret: AppsApi.ClientSecret(app)!);
        var (userId, login) = await UsersPasswordApiTests.NewUserAsync(api);
        var userToken = await RefreshTokenAsync(server, tokens, login);
        // Rotate both once: the originals become redeemed tokens, which the reuse handler inspects when presented again.
        var appRotated = await tokens.RefreshAsync(appRequest.EndpointBase, appTokens["refresh_token"]!, appRequest.ClientId, appRequest.ClientSecret);
        var userRotated = await tokens.RefreshAsync(appRequest.EndpointBase, userToken);
        Assert.Equal(HttpStatusCode.OK, appRotated.Status);
        Assert.Equal(HttpStatusCode.OK, userRotated.Status);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/apps/{app["id"]}/lifecycle/deactivate", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{userId}/lifecycle/suspend", new { })).Status);
        var refusals = new List<TokenResponse>
        {
            await tokens.RefreshAsync(appRequest.EndpointBase, appRotated["refresh_token"]!, appRequest.ClientId, appRequest.ClientSecret),
            await tokens.RefreshAsync(appRequest.EndpointBase, userRotated["refresh_token"]!),
        };
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/users/{userId}/lifecycle/deactivate", new { })).Status);
        refusals.Add(await tokens.RefreshAsync(appRequest.EndpointBase, userRotated["refresh_token"]!));
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        refusals.Add(await tokens.RefreshAsync(appRequest.EndpointBase, appTokens["refresh_token"]!, appRequest.ClientId, appRequest.ClientSecret));
        refusals.Add(await tokens.RefreshAsync(appRequest.EndpointBase, userToken));

        Assert.Equal(["invalid_client", "invalid_grant", "invalid_grant", "invalid_client", "invalid_grant"], refusals.Select(refusal => refusal["error"]));
        Assert.True(errors.Seen > 0, "The log capture saw nothing: it is not wired in.");
        Assert.True(errors.Entries.IsEmpty, string.Join('\n', errors.Entries));
        // The recorder still works after the refusals.
        Assert.NotEmpty(await LogsApi.EventsAsync(api, ("filter", $"eventType eq \"user.lifecycle.deactivate\" and target.id eq \"{userId}\"")));
    }

    private static async Task<string> RefreshTokenAsync(GatehouseServer server, TokenClient tokens, string login)
    {
        using var browser = new Browser(server);
        var request = new AuthorizeRequest { Issuer = server.DefaultIssuer, Scope = Issued.OfflineScope };
        var code = (await browser.AuthorizeAsync(request, login, UsersApiTests.Password)).Code;
        Assert.NotNull(code);
        var issued = await tokens.ExchangeCodeAsync(request, code);
        Assert.Equal(HttpStatusCode.OK, issued.Status);
        return issued["refresh_token"]!;
    }

    /// <summary>
    /// Every log entry at Error or above, from any category: a handler's exception or the recorder's own. Counts the
    /// others, so a capture that was never wired in cannot pass for a clean log.
    /// </summary>
    private sealed class ErrorCapture : ILoggerProvider, ILogger
    {
        private int _seen;

        public ConcurrentQueue<string> Entries { get; } = new();

        public int Seen => Volatile.Read(ref _seen);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref _seen);
            if (logLevel >= LogLevel.Error)
            {
                Entries.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}
