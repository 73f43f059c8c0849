namespace Gatehouse.Server.Tests.Infrastructure;

/// <summary>One seeded server shared by the protocol tests (they run one class at a time: they share its clock).</summary>
public sealed class GatehouseServerFixture : IAsyncLifetime
{
    public GatehouseServer Server { get; private set; } = null!;

    /// <summary>Every test shares this server and 127.0.0.1: rate limits far above what the suite sends (Abuse/ tests use their own servers).</summary>
    public static IReadOnlyDictionary<string, string?> GenerousRateLimits { get; } = new Dictionary<string, string?>
    {
        ["Gatehouse:RateLimits:SignIn:PerIp"] = "100000",
        ["Gatehouse:RateLimits:SignIn:PerUser"] = "100000",
        ["Gatehouse:RateLimits:Token:PerIp"] = "100000",
        ["Gatehouse:RateLimits:Token:PerClient"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Default"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:PerTokenPercent"] = "100",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:users"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:groups"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:apps"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:authorizationServers"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:trustedOrigins"] = "100000",
        ["Gatehouse:RateLimits:ManagementApi:Buckets:logs"] = "100000",
    };

    public async Task InitializeAsync() => Server = await GatehouseServer.StartAsync(settings: GenerousRateLimits);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatehouseServerGroup : ICollectionFixture<GatehouseServerFixture>
{
    public const string Name = "Gatehouse server";
}
