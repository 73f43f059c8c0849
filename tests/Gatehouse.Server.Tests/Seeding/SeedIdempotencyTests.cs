using Gatehouse.Core.Users;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests.Seeding;

public sealed class SeedIdempotencyTests
{
    private static string Seed(int passwordVersion, string password, string lastName) => $$"""
    {
      "users": [ { "login": "dave@example.com", "firstName": "Dave", "lastName": "{{lastName}}",
                   "password": "{{password}}", "passwordVersion": {{passwordVersion}} } ]
    }
    """;

    [Fact]
    public async Task Restart_KeepsPasswordHashUntilPasswordVersionChanges()
    {
        await using var server = await GatehouseServer.StartAsync(Seed(1, "First-Pass-2026", "One"));
        var firstHash = await PasswordHashAsync(server);

        await server.StopAsync();
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "seed.json"), Seed(1, "Other-Pass-2026", "Two"));
        await server.StartAsync();
        var unchanged = await PasswordHashAsync(server);
        var renamed = await FindAsync(server);

        await server.StopAsync();
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "seed.json"), Seed(2, "Other-Pass-2026", "Two"));
        await server.StartAsync();
        var user = await FindAsync(server);
        using var scope = server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();

        Assert.Equal(firstHash, unchanged);
        Assert.Equal("Two", renamed.LastName);
        Assert.NotEqual(firstHash, user.PasswordHash);
        Assert.True(await users.CheckPasswordAsync(user, "Other-Pass-2026"));
    }

    [Fact]
    public async Task Seed_WithPasswordBreakingPolicy_StopsStartWithoutEchoingPassword()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => GatehouseServer.StartAsync(Seed(1, "short", "One")));

        Assert.Contains("dave@example.com", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short", error.Message.Replace("shorter", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static async Task<string?> PasswordHashAsync(GatehouseServer server) => (await FindAsync(server)).PasswordHash;

    private static async Task<GatehouseUser> FindAsync(GatehouseServer server)
    {
        using var scope = server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
        return (await users.FindByNameAsync("dave@example.com"))!;
    }
}
