using Gatehouse.Server.Areas.Admin;
using Gatehouse.Server.Branding;
using Gatehouse.Server.Hosting.DataProtection;
using Gatehouse.Server.Hosting.Errors;
using Gatehouse.Server.Hosting.Health;
using Gatehouse.Server.Hosting.OrgTransfer;
using Gatehouse.Server.Hosting.Proxies;
using Gatehouse.Server.Hosting.RateLimiting;
using Gatehouse.Server.Hosting.Storage;
using Gatehouse.Server.Hosting.Telemetry;
using Gatehouse.Server.Hosting.Tls;
using Gatehouse.Server.ManagementApi;
using Gatehouse.Server.Pages;
using Gatehouse.Server.Protocol;
using Gatehouse.Server.Protocol.Cors;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Server.Registration;
using Gatehouse.Storage;

using Microsoft.AspNetCore.DataProtection;

namespace Gatehouse.Server.Hosting;

/// <summary>Builds the Gatehouse web application; <c>gatehouse serve</c> and the tests share this code path.</summary>
public static class GatehouseApplication
{
    /// <param name="settings">Configuration that wins over appsettings.json and the environment (command-line flags).</param>
    /// <param name="configureServices">Runs last: tests replace the <see cref="TimeProvider"/> here.</param>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GatehouseApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);

        var (options, dataDirectory) = AddGatehouseFoundation(builder.Services, builder.Configuration);
        var origin = new Uri(options.ResolvePublicOrigin());

        ConfigureKestrel(builder, options, origin, dataDirectory);
        var localCa = options.TlsCertificatePath is null ? new DataDirectory(dataDirectory).CaCertificatePath : null;

        builder.Services.AddGatehouseIdentity(options);
        builder.Services.AddGatehouseProtocol();
        builder.Services.AddGatehousePages();
        builder.Services.AddGatehouseAdminConsole(origin.GetLeftPart(UriPartial.Authority), localCa);
        builder.Services.AddGatehouseManagementApi();
        builder.Services.AddGatehouseRegistration();
        builder.Services.AddGatehouseBranding();
        builder.Services.AddGatehouseRateLimiting();
        builder.Services.AddGatehouseCors();
        // HSTS on HTTPS responses, except for the default exclusions (localhost, 127.0.0.1, [::1]) so that
        // http://localhost apps on the same machine keep working; one year (RFC 6797 §11.2: long max-age).
        builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddGatehouseHealthChecks();
        builder.AddGatehouseTelemetry();
        builder.Services.AddGatehouseOrgTransfer();
        builder.Services.AddScoped<Seeding.SeedApplier>();
        builder.Services.AddScoped<Apps.AppIntegrations>();
        builder.Services.AddScoped<Apps.OidcAppStore>();
        builder.Services.AddScoped<Apps.AppAssignments>();
        builder.Services.AddScoped<Apps.AppService>();
        builder.Services.AddScoped<Identity.UserDirectory>();
        builder.Services.AddScoped<Identity.UserLifecycle>();
        builder.Services.AddScoped<Identity.GroupService>();
        builder.Services.AddScoped<Pages.Authorize.AuthorizationPrincipalFactory>();
        builder.Services.AddSingleton<GatehouseInitializer>();
        if (StorageExtensions.IsShared(options) && options.ConfigurationPollInterval > TimeSpan.Zero)
        {
            // Several nodes share the database: each follows the others' configuration changes (ADR 0012).
            builder.Services.AddSingleton<Caching.SharedConfigurationPoller>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<Caching.SharedConfigurationPoller>());
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseTrustedProxies(options);
        app.UseDurableResponses();
        app.UseGatehouseErrorResponses();
        app.UseSecurityHeaders();
        app.UseGatehouseMetricsEndpoint();
        app.UseMalformedFormsAsEmpty();
        app.UseHsts();
        app.UseRouting();
        app.UseGatehouseCors();
        app.UseGatehouseRateLimiting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGatehouseHealthChecks();
        app.MapGatehousePages();
        app.MapAdminAssets();
        app.MapGatehouseManagementApi();
        app.MapRegistration();
        app.MapGatehouseBranding();
        return app;
    }

    /// <summary>
    /// Builds a host without the web server for maintenance commands (<c>gatehouse keys rotate</c>): the same
    /// configuration sources, data directory, database, Data Protection and key ring as <c>serve</c>.
    /// </summary>
    internal static IHost BuildMaintenanceHost(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = typeof(GatehouseApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        AddGatehouseFoundation(builder.Services, builder.Configuration);
        builder.Services.AddGatehouseSigningKeys();
        return builder.Build();
    }

    /// <summary>What <c>serve</c> and the maintenance commands share.</summary>
    private static (GatehouseOptions Options, string DataDirectory) AddGatehouseFoundation(IServiceCollection services, ConfigurationManager configuration)
    {
        var options = configuration.GetSection(GatehouseOptions.SectionName).Get<GatehouseOptions>() ?? new GatehouseOptions();
        if (options.ValidateKeyRotation() is { } error)
        {
            throw new InvalidOperationException($"Invalid signing key settings: {error}");
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        DataDirectory.Ensure(dataDirectory);

        services.Configure<GatehouseOptions>(configuration.GetSection(GatehouseOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new DataDirectory(dataDirectory));

        var keyEncryption = KeyEncryptionCertificate.LoadOrCreate(
            options.KeyEncryptionCertificatePath ?? Path.Combine(dataDirectory, "keys", "key-encryption.pfx"), TimeProvider.System);
        services.AddDataProtection()
            .SetApplicationName("Gatehouse")
            .PersistKeysToDbContext<GatehouseDbContext>()
            .ProtectKeysWithCertificate(keyEncryption)
            .UnprotectKeysWithAnyCertificate(keyEncryption);

        services.AddGatehouseStorage(options, dataDirectory);
        return (options, dataDirectory);
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, GatehouseOptions options, Uri origin, string dataDirectory)
    {
        var urls = options.ListenUrls;
        builder.WebHost.UseUrls(urls);

        // Only the configured hosts are served: the issuer is never taken from a Host header, and requests for
        // other names (DNS rebinding, misrouted traffic) get a 400 from host filtering.
        var hosts = urls.Select(url => new Uri(url).Host).Append(origin.Host)
            .Select(host => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        builder.Configuration["AllowedHosts"] = builder.Configuration[$"{GatehouseOptions.SectionName}:AllowedHosts"] ?? string.Join(';', hosts);

        if (!urls.Any(url => url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var certificate = options.TlsCertificatePath is { } certificatePath
            ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificatePath, options.TlsKeyPath)
            : LocalCertificateAuthority.EnsureCreated(
                Path.Combine(dataDirectory, "tls"),
                urls.Select(url => new Uri(url).Host).Append(origin.Host).Distinct(StringComparer.OrdinalIgnoreCase),
                TimeProvider.System).ServerCertificate;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
    }
}
