using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;

using Gatehouse.Server.Tests.Infrastructure;

using Xunit.Abstractions;

namespace Gatehouse.Server.Tests.Nodes;

/// <summary>
/// Node A, a <c>gatehouse serve</c> process, is killed with SIGKILL while clients sign in through it: they fail over to
/// node B (as a load balancer's health check would send them) with their cookies, every sign-in completes there,
/// every token acknowledged by either node stays valid, and A rejoins when restarted (issue 9, item 3; ADR 0012).
/// </summary>
[Trait("Category", NodeCluster.Category)]
public sealed class NodeFailoverTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int SignInsOnB = 3;

    [Fact]
    public async Task NodeKilledDuringSignIns_ClientsFailOverWithTheirCookies_NothingAcknowledgedIsLost_AndTheNodeRejoins()
    {
        Phase("start");
        await using var cluster = await NodeCluster.CreateAsync();
        var b = await cluster.StartNodeAsync();
        using var a = new NodeProcess(cluster, output);
        await a.StartAsync();
        Phase("nodes started");

        var acknowledged = new ConcurrentBag<(string Node, string AccessToken, string RefreshToken)>();
        var failures = new ConcurrentQueue<string>();
        var cookieJars = Enumerable.Range(0, Clients).Select(_ => new CookieContainer()).ToArray();
        var routes = Enumerable.Range(0, Clients).Select(_ => new StrongBox<int>(a.Port)).ToArray();
        var signedInOnA = new bool[Clients];
        var killed = new TaskCompletionSource();

        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var browser = new Browser(cluster.CreateClient(() => Volatile.Read(ref routes[client].Value), cookieJars[client]), cluster.PublicOrigin);
            var hasSession = false;
            var completedOnB = 0;
            var attempts = 0;
            while (completedOnB < SignInsOnB && attempts++ < 200)
            {
                var node = Volatile.Read(ref routes[client].Value) == a.Port ? "A" : "B";
                try
                {
                    var request = new AuthorizeRequest { Issuer = client % 2 == 0 ? cluster.DefaultIssuer : cluster.PublicOrigin, Scope = "openid profile offline_access" };
                    // With a session (its cookie, from either node) the sign-in needs no form: a sign-in page here
                    // means the cookie was not honoured.
                    var result = await browser.AuthorizeAsync(request, hasSession ? null : TestSeed.Alice, hasSession ? null : TestSeed.AlicePassword);
                    if (result.Code is null)
                    {
                        failures.Enqueue($"client {client} on {node}: no code ({result.Error} {result.PageStatus} {result.RedirectedTo})");
                        return;
                    }

                    hasSession = true;
                    var tokens = await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code);
                    if (tokens.Status != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"client {client} on {node}: token {tokens.Status} {tokens.Json}");
                        return;
                    }

                    acknowledged.Add((node, tokens["access_token"]!, tokens["refresh_token"]!));
                    if (node == "A")
                    {
                        signedInOnA[client] = true;
                    }
                    else
                    {
                        completedOnB++;
                    }
                }
                catch (Exception exception) when ((exception is HttpRequestException or IOException or TaskCanceledException) && killed.Task.IsCompleted)
                {
                    // Node A is gone: the load balancer sends this client's next connections to B. The unanswered
                    // sign-in starts again there.
                    Volatile.Write(ref routes[client].Value, b.Port);
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
                {
                    // Killed but not yet marked: wait for the mark, then fail over.
                    await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    Volatile.Write(ref routes[client].Value, b.Port);
                }
            }
        })).ToArray();

        // Kill A mid-load, once every client has a session from it.
        var deadline = Stopwatch.StartNew();
        while ((signedInOnA.Any(signedIn => !signedIn) || acknowledged.Count < 2 * Clients) && deadline.Elapsed < TimeSpan.FromSeconds(60) && failures.IsEmpty)
        {
            await Task.Delay(20);
        }

        Assert.True(signedInOnA.All(signedIn => signedIn), $"Not every client signed in on A before the kill: {string.Join("; ", failures)}");
        Phase("load on A");
        a.Kill();
        killed.SetResult();
        await Task.WhenAll(clients);
        Phase("failed over to B");

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures));
        var onA = acknowledged.Count(token => token.Node == "A");
        output.WriteLine($"{onA} sign-ins acknowledged by A before the kill, {acknowledged.Count - onA} by B after it.");
        Assert.Equal(Clients * SignInsOnB, acknowledged.Count(token => token.Node == "B"));

        // Nothing acknowledged is lost: every token either node answered with is active on B.
        using (var http = cluster.CreateClient(b))
        {
            var tokenClient = new TokenClient(http);
            foreach (var (node, accessToken, refreshToken) in acknowledged)
            {
                var endpointBase = EndpointBaseOf(accessToken, cluster);
                Assert.True((await tokenClient.IntrospectAsync(endpointBase, accessToken)).Json.GetProperty("active").GetBoolean(), $"An access token acknowledged by {node} is not active on B.");
                Assert.True((await tokenClient.IntrospectAsync(endpointBase, refreshToken)).Json.GetProperty("active").GetBoolean(), $"A refresh token acknowledged by {node} is not active on B.");
            }
        }

        Phase("introspected " + acknowledged.Count);

        // A rejoins: restarted on its data directory, it serves the clients' sessions and B's tokens.
        await a.StartAsync();
        Phase("A restarted");
        for (var client = 0; client < Clients; client++)
        {
            Volatile.Write(ref routes[client].Value, a.Port);
            using var browser = new Browser(cluster.CreateClient(() => a.Port, cookieJars[client]), cluster.PublicOrigin);
            var request = new AuthorizeRequest { Issuer = cluster.DefaultIssuer };
            var result = await browser.AuthorizeAsync(request, username: null);
            Assert.True(result.Code is not null, $"Client {client}'s session is not honoured by the restarted A: {result.PageStatus} {result.RedirectedTo}");
            Assert.Equal(HttpStatusCode.OK, (await new TokenClient(browser.Http).ExchangeCodeAsync(request, result.Code!)).Status);
        }

        using (var http = cluster.CreateClient(() => a.Port))
        {
            var fromB = acknowledged.First(token => token.Node == "B");
            var introspection = await new TokenClient(http).IntrospectAsync(EndpointBaseOf(fromB.AccessToken, cluster), fromB.AccessToken);
            Assert.True(introspection.Json.GetProperty("active").GetBoolean(), $"The restarted A does not know B's token: {introspection.Json}");
        }
    }

    /// <summary>When each phase ended, in the test's output: node starts dominate the run time.</summary>
    private void Phase(string name) => output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {name}");

    private static string EndpointBaseOf(string accessToken, NodeCluster cluster) =>
        Jwt.Payload(accessToken).GetProperty("iss").GetString() == cluster.PublicOrigin ? cluster.PublicOrigin + "/oauth2/v1" : cluster.DefaultIssuer + "/v1";
}
