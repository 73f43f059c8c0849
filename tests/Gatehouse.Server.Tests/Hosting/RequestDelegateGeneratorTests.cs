using Gatehouse.Server.Hosting;

namespace Gatehouse.Server.Tests.Hosting;

/// <summary>
/// The minimal-API endpoints (management API, registration, health, branding) are bound by code generated at build
/// time (<c>EnableRequestDelegateGenerator</c> in Gatehouse.Server.csproj). Without it, ASP.NET Core compiles an
/// expression tree per endpoint at start and again when routing first builds its matcher: ≈ 0.5 s of every cold
/// start on this machine (docs/performance.md, "Cold start").
/// </summary>
public sealed class RequestDelegateGeneratorTests
{
    [Fact]
    public void ServerAssembly_CarriesTheGeneratedEndpointBindings()
    {
        var generated = typeof(GatehouseApplication).Assembly.GetTypes()
            .Where(type => type.Namespace == "Microsoft.AspNetCore.Http.Generated")
            .Select(type => type.Name)
            .ToList();

        Assert.Contains(generated, name => name.Contains("GeneratedRouteBuilderExtensionsCore", StringComparison.Ordinal));
    }
}
