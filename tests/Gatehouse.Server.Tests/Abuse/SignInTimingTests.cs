using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;

using Gatehouse.Core.Users;
using Gatehouse.Server.Tests.Infrastructure;

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Server.Tests.Abuse;

/// <summary>Counts password verifications and records the hashes verified against.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<GatehouseUser> inner, ConcurrentQueue<string> verified) : IPasswordHasher<GatehouseUser>
{
    public string HashPassword(GatehouseUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(GatehouseUser user, string hashedPassword, string providedPassword)
    {
        verified.Enqueue(hashedPassword);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed class TimingServerFixture : IAsyncLifetime
{
    public const string Active = "active@example.com";
    public const string ActivePassword = "Timing-2026-ok";
    public const string Suspended = "suspended@example.com";
    public const string Locked = "locked@example.com";
    public const string NoPassword = "nopassword@example.com";

    public ConcurrentQueue<string> Verified { get; } = new();

    public GatehouseServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        const string seed = $$"""
        {
          "users": [
            { "login": "{{Active}}", "firstName": "Active", "lastName": "User", "password": "{{ActivePassword}}" },
            { "login": "{{Suspended}}", "firstName": "Suspended", "lastName": "User", "password": "{{ActivePassword}}" },
            { "login": "{{Locked}}", "firstName": "Locked", "lastName": "User", "password": "{{ActivePassword}}" },
            { "login": "{{NoPassword}}", "firstName": "No", "lastName": "Password" }
          ],
          "authorizationServers": [ { "id": "default" } ]
        }
        """;
        Server = await GatehouseServer.StartAsync(seed, configureServices: services => services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<GatehouseUser>>(provider =>
            new CountingPasswordHasher(new PasswordHasher<GatehouseUser>(provider.GetService<IOptions<PasswordHasherOptions>>()), Verified))));

        using var scope = Server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
        var suspended = (await users.FindByNameAsync(Suspended))!;
        suspended.Status = UserStatus.Suspended;
        Assert.True((await users.UpdateAsync(suspended)).Succeeded);
        var locked = (await users.FindByNameAsync(Locked))!;
        Assert.True((await users.SetLockoutEndDateAsync(locked, DateTimeOffset.UtcNow.AddYears(1))).Succeeded);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Timing must not tell whether an account exists or what state it is in: every refused sign-in verifies exactly
/// one password hash, of the same algorithm and cost as a real user's. Counted, not timed, so the test is not flaky.
/// </summary>
public sealed class SignInTimingTests(TimingServerFixture fixture) : IClassFixture<TimingServerFixture>
{
    [Theory]
    [InlineData(TimingServerFixture.Active)]
    [InlineData("nobody@example.com")]
    [InlineData(TimingServerFixture.Suspended)]
    [InlineData(TimingServerFixture.Locked)]
    [InlineData(TimingServerFixture.NoPassword)]
    public async Task SignIn_EveryRefusalCostsOneHashOfTheSameCost(string username)
    {
        var referenceHash = await ReferenceHashAsync();
        using var browser = new Browser(fixture.Server);
        fixture.Verified.Clear();

        using var response = await browser.SubmitSignInAsync(new Uri(fixture.Server.Origin + "/signin?returnUrl=%2F"), username, "Wrong-password-1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var verified = Assert.Single(fixture.Verified);
        Assert.Equal(HashParameters(referenceHash), HashParameters(verified));
    }

    [Fact]
    public async Task SignIn_LockedUserWithTheRightPasswordCostsOneHashAndFails()
    {
        using var browser = new Browser(fixture.Server);
        fixture.Verified.Clear();

        using var response = await browser.SubmitSignInAsync(new Uri(fixture.Server.Origin + "/signin?returnUrl=%2F"), TimingServerFixture.Locked, TimingServerFixture.ActivePassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(fixture.Verified);
    }

    private async Task<string> ReferenceHashAsync()
    {
        using var scope = fixture.Server.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GatehouseUser>>();
        return (await users.FindByNameAsync(TimingServerFixture.Active))!.PasswordHash!;
    }

    /// <summary>Identity's v3 hash header: format marker, PRF, iteration count, salt length — what sets the cost.</summary>
    private static (byte Format, uint Prf, uint Iterations, uint SaltLength) HashParameters(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return (bytes[0], BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)),
            BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)));
    }
}
