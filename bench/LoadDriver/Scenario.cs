namespace Gatehouse.Bench.LoadDriver;

/// <summary>One kind of operation. <see cref="CreateWorkerAsync"/> does a worker's setup (not measured) and returns its operation.</summary>
public sealed record Scenario(string Name, Func<OidcClient, int, CancellationToken, Task<Func<CancellationToken, Task>>> CreateWorkerAsync)
{
    public static Scenario Get(string name, DriverOptions options) => name switch
    {
        "signin" => new(name, (client, _, _) => Task.FromResult<Func<CancellationToken, Task>>(
            async cancellationToken =>
            {
                var tokens = await client.SignInAsync(options.User(Random.Shared.Next(options.UserCount)), cancellationToken);
                await client.UserInfoAsync(tokens.AccessToken, cancellationToken);
            })),
        "client-credentials" => new(name, (client, _, _) => Task.FromResult<Func<CancellationToken, Task>>(
            async cancellationToken => await client.ClientCredentialsAsync(cancellationToken))),
        "refresh" => new(name, async (client, worker, cancellationToken) =>
        {
            // Each worker holds its own token and always uses the one the last response returned: a new one under rotation
            // (ROTATE), the same one for Gatehouse's web apps (STATIC, Okta's default) and the peer's web client.
            var refreshToken = (await client.SignInAsync(options.User(worker % options.UserCount), cancellationToken)).RefreshToken
                ?? throw new FlowException("No refresh token from the code flow.");
            return async token =>
            {
                var tokens = await client.RefreshAsync(refreshToken, token);
                refreshToken = tokens.RefreshToken ?? refreshToken;
            };
        }),
        "userinfo" => new(name, async (client, worker, cancellationToken) =>
        {
            var accessToken = (await client.SignInAsync(options.User(worker % options.UserCount), cancellationToken)).AccessToken;
            return token => client.UserInfoAsync(accessToken, token);
        }),
        "discovery+jwks" => new(name, (client, _, _) => Task.FromResult<Func<CancellationToken, Task>>(client.DiscoveryAndJwksAsync)),
        // The directory listing benchmark (issue 5): one page of 200, a search, a prefix query.
        "users-list" => Management(name, "/api/v1/users?limit=200"),
        "users-search" => Management(name, $"/api/v1/users?limit=200&search={Uri.EscapeDataString($"profile.lastName eq \"{options.UserSearchTerm}\"")}"),
        "users-q" => Management(name, $"/api/v1/users?limit=200&q={Uri.EscapeDataString(options.UserSearchTerm)}"),
        _ => throw new ArgumentException($"Unknown scenario '{name}'; known: {string.Join(", ", DriverOptions.AllScenarios)}, users-list, users-search, users-q."),
    };

    private static Scenario Management(string name, string pathAndQuery) => new(name, (client, _, _) =>
        Task.FromResult<Func<CancellationToken, Task>>(async cancellationToken => await client.ManagementListAsync(pathAndQuery, cancellationToken)));
}
