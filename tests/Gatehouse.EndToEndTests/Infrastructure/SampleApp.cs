using System.Security.Cryptography.X509Certificates;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

using QuickstartWebApp.Controllers;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// samples/QuickstartWebApp on Kestrel over HTTPS on https://localhost:&lt;port&gt;, configured only through its
/// settings (the Okta node pointing at Gatehouse, the CA path), as a user configures it. It serves Gatehouse's
/// localhost certificate and runs on a fake clock (advance it to expire the saved access token).
/// </summary>
public sealed class SampleApp : WebApplicationFactory<HomeController>
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="clientId">Settings copied from the admin console; null: the demo seed's web app.</param>
    public SampleApp(GatehouseProcess gatehouse, int port, bool requireAuthenticationEverywhere = false,
        string? clientId = null, string? clientSecret = null, string? oktaDomain = null)
    {
        ArgumentNullException.ThrowIfNull(gatehouse);
        Port = port;
        _settings = new Dictionary<string, string?>
        {
            ["Okta:OktaDomain"] = oktaDomain ?? gatehouse.Origin,
            ["Okta:ClientId"] = clientId ?? Demo.ClientId,
            ["Okta:ClientSecret"] = clientSecret ?? Demo.ClientSecret,
            ["Okta:AuthorizationServerId"] = "default",
            ["Backchannel:CaCertificatePath"] = gatehouse.CaPath,
            ["RequireAuthenticationEverywhere"] = requireAuthenticationEverywhere ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var certificate = X509Certificate2.CreateFromPemFile(gatehouse.ServerCertificatePath, gatehouse.ServerKeyPath);
        UseKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.UseHttps(certificate)));
        StartServer();
    }

    public int Port { get; }

    public string Origin => $"https://localhost:{Port}";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
