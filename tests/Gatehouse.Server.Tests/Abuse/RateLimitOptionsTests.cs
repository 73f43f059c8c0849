using Gatehouse.Server.Hosting;

using Microsoft.Extensions.Configuration;

namespace Gatehouse.Server.Tests.Abuse;

/// <summary>The defaults documented in docs/configuration.md, and that the section binds.</summary>
public sealed class RateLimitOptionsTests
{
    [Fact]
    public void RateLimits_DefaultsAreTheDocumentedOnes()
    {
        var limits = new GatehouseOptions().RateLimits;

        Assert.True(limits.Enabled);
        Assert.Equal(100, limits.SignIn.PerIp);
        Assert.Equal(20, limits.SignIn.PerUser);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.SignIn.Window);
        Assert.Equal(2000, limits.Token.PerIp);
        Assert.Equal(1000, limits.Token.PerClient);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.Token.Window);
    }

    [Fact]
    public void RateLimits_BindFromConfigurationKeepingUnsetDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gatehouse:RateLimits:SignIn:PerUser"] = "5",
            ["Gatehouse:RateLimits:Token:Window"] = "00:00:10",
        }).Build();

        var limits = configuration.GetSection(GatehouseOptions.SectionName).Get<GatehouseOptions>()!.RateLimits;

        Assert.Equal(5, limits.SignIn.PerUser);
        Assert.Equal(100, limits.SignIn.PerIp);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.Token.Window);
        Assert.Equal(1000, limits.Token.PerClient);
    }
}
