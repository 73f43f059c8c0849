using Gatehouse.Server.Tests.Infrastructure;

namespace Gatehouse.Server.Tests.Admin;

/// <summary>The test org plus Carol, who has no admin role: one server for the console's access tests.</summary>
public sealed class AdminConsoleServer : IAsyncLifetime
{
    public const string Carol = "carol@example.com";
    public const string CarolPassword = "Paper-Stapler-2026!";

    public GatehouseServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await GatehouseServer.StartAsync(TestSeed.Json().Replace(
            "\"users\": [",
            $$"""
            "users": [
                { "login": "{{Carol}}", "firstName": "Carol", "lastName": "Clerk", "password": "{{CarolPassword}}" },
            """,
            StringComparison.Ordinal));

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
