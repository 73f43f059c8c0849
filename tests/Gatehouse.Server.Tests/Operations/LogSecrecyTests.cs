using System.Collections.Concurrent;
using System.Net;
using System.Text;

using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests.Operations;

/// <summary>
/// Every log line of a full session — a failed and a successful sign-in, code exchange, refresh, client credentials,
/// a management API call with its SSWS token, sign-out with an ID token hint — at Debug for every category, holds
/// no password, secret, code or token.
/// </summary>
public sealed class LogSecrecyTests
{
    [Fact]
    public async Task Logs_FullSessionAtDebug_ContainNoSecret()
    {
        var captured = new CapturingLoggerProvider();
        await using var server = await GatehouseServer.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:OpenIddict"] = "Debug",
                // Information logs every command; Debug adds model building noise only.
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            },
            configureServices: services => services.AddSingleton<ILoggerProvider>(captured));

        const string WrongPassword = "Wrong-Guess-Password-77";
        using var browser = new Browser(server);
        var failed = await browser.AuthorizeAsync(new AuthorizeRequest { Issuer = server.DefaultIssuer }, TestSeed.Alice, WrongPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, failed.PageStatus);
        var request = new AuthorizeRequest { Issuer = server.DefaultIssuer, Scope = "openid profile email offline_access" };
        var result = await browser.AuthorizeAsync(request);
        var client = new TokenClient(browser.Http);
        var tokens = await client.ExchangeCodeAsync(request, result.Code!);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var refreshed = await client.RefreshAsync(request.EndpointBase, tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        var service = await client.ClientCredentialsAsync(request.EndpointBase, TestSeed.CustomScope);
        Assert.Equal(HttpStatusCode.OK, service.Status);
        using (var users = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users"))
        {
            users.Headers.TryAddWithoutValidation("Authorization", "SSWS " + TestSeed.ApiToken);
            using var response = await browser.Http.SendAsync(users);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var logout = await browser.Http.GetAsync(new Uri(
            $"{request.EndpointBase}/logout?id_token_hint={refreshed["id_token"]}&post_logout_redirect_uri={Uri.EscapeDataString(TestSeed.WebPostLogoutRedirectUri)}")))
        {
            Assert.True(logout.StatusCode is HttpStatusCode.Found or HttpStatusCode.OK, logout.StatusCode.ToString());
        }

        await server.StopAsync();
        var logs = captured.Text();
        Assert.Contains("/oauth2/default/v1/token", logs, StringComparison.Ordinal);
        var secrets = new Dictionary<string, string>
        {
            ["password"] = TestSeed.AlicePassword,
            ["wrong password"] = WrongPassword,
            ["web client secret"] = TestSeed.WebClientSecret,
            ["service client secret"] = TestSeed.ServiceClientSecret,
            ["API token"] = TestSeed.ApiToken,
            ["code"] = result.Code!,
            ["access token"] = tokens["access_token"]!,
            ["id token"] = tokens["id_token"]!,
            ["refresh token"] = tokens["refresh_token"]!,
            ["refreshed access token"] = refreshed["access_token"]!,
            ["refreshed refresh token"] = refreshed["refresh_token"]!,
            ["refreshed id token"] = refreshed["id_token"]!,
            ["service access token"] = service["access_token"]!,
        };
        foreach (var (name, secret) in secrets)
        {
            var at = logs.IndexOf(secret, StringComparison.Ordinal);
            Assert.True(at < 0, $"The {name} is in the logs: …{logs[Math.Max(0, at - 300)..Math.Min(logs.Length, at + 100)]}…");
        }
    }

    /// <summary>Keeps every message, exception, structured value and scope value any category writes.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _entries = new();
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public string Text() => string.Join('\n', _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new StringBuilder().Append(category).Append(' ').Append(formatter(state, exception)).Append(' ').Append(exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        entry.Append(' ').Append(key).Append('=').Append(value);
                    }
                }

                provider._scopes?.ForEachScope((scope, builder) => builder.Append(" scope=").Append(scope), entry);
                provider._entries.Enqueue(entry.ToString());
            }
        }
    }
}
