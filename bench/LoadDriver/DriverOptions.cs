using System.Globalization;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>What to drive: one provider (issuer, clients, users) and how hard (duration, concurrency).</summary>
public sealed class DriverOptions
{
    public static readonly string[] AllScenarios = ["signin", "client-credentials", "refresh", "userinfo", "discovery+jwks"];

    public required Uri Issuer { get; set; }

    /// <summary>The PEM certificate of the CA that signed the server's certificate; the only root trusted.</summary>
    public required string CaFile { get; set; }

    public IReadOnlyList<string> Scenarios { get; set; } = AllScenarios;

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Requests before measuring (JIT, connection pools, caches): a fraction of the duration.</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(2);

    public int Concurrency { get; set; } = 16;

    public string ClientId { get; set; } = "0oabenchweb0000000001";

    public string ClientSecret { get; set; } = "bench-web-secret-0123456789abcdefghijklmnop";

    public string RedirectUri { get; set; } = "https://app.bench.test/callback";

    public string ServiceClientId { get; set; } = "0oabenchsvc0000000001";

    public string ServiceClientSecret { get; set; } = "bench-service-secret-0123456789abcdefghijk";

    public string ServiceScope { get; set; } = "orders.read";

    /// <summary>Users are <c>string.Format(UserFormat, i)</c> for i in [0, UserCount), all with <see cref="Password"/>.</summary>
    public string UserFormat { get; set; } = "user{0:D4}@bench.test";

    public int UserCount { get; set; } = 1000;

    public string Password { get; set; } = "Bench-Passw0rd-2026";

    /// <summary>
    /// Several nodes behind one public origin: each worker's connections go to one of these base URLs (workers are
    /// split round-robin), while its URLs, Host header, TLS name and cookies stay the issuer's — what a TCP load
    /// balancer does. Empty: connect where the URLs say.
    /// </summary>
    public IReadOnlyList<Uri> Nodes { get; set; } = [];

    /// <summary>The server processes (one per node), for their CPU time from /proc, summed (empty to skip).</summary>
    public IReadOnlyList<int> ServerPids { get; set; } = [];

    /// <summary>The database server's root process (PostgreSQL's postmaster), for its and its backends' CPU time (omit to skip).</summary>
    public int? DatabasePid { get; set; }

    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat (<c>getconf CLK_TCK</c>; 100 on Linux).</summary>
    public int ClockTicks { get; set; } = 100;

    /// <summary>SSWS token for the management API scenarios (users-list, users-search, users-q).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Search term for users-search (<c>profile.lastName eq "…"</c>) and users-q (<c>q=…</c>).</summary>
    public string UserSearchTerm { get; set; } = "Bench0500";

    public string? Label { get; set; }

    public string? OutputFile { get; set; }

    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < args.Count; index++)
        {
            if (!args[index].StartsWith("--", StringComparison.Ordinal) || index + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --name value, got '{args[index]}'.");
            }

            values[args[index][2..]] = args[++index];
        }

        string? Take(string name) => values.Remove(name, out var value) ? value : null;
        int? TakeInt(string name) => Take(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        string[] List(string name) => Take(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        TimeSpan? TakeSeconds(string name) => Take(name) is { } text ? TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)) : null;

        var options = new DriverOptions
        {
            Issuer = new Uri(Take("issuer") ?? throw new ArgumentException("--issuer is required.")),
            CaFile = Take("ca-file") ?? throw new ArgumentException("--ca-file is required."),
        };
        options.Scenarios = Take("scenarios")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? options.Scenarios;
        options.Duration = TakeSeconds("duration") ?? options.Duration;
        options.Warmup = TakeSeconds("warmup") ?? options.Warmup;
        options.Concurrency = TakeInt("concurrency") ?? options.Concurrency;
        options.ClientId = Take("client-id") ?? options.ClientId;
        options.ClientSecret = Take("client-secret") ?? options.ClientSecret;
        options.RedirectUri = Take("redirect-uri") ?? options.RedirectUri;
        options.ServiceClientId = Take("service-client-id") ?? options.ServiceClientId;
        options.ServiceClientSecret = Take("service-client-secret") ?? options.ServiceClientSecret;
        options.ServiceScope = Take("service-scope") ?? options.ServiceScope;
        options.UserFormat = Take("user-format") ?? options.UserFormat;
        options.UserCount = TakeInt("users") ?? options.UserCount;
        options.Password = Take("password") ?? options.Password;
        options.Nodes = [.. List("nodes").Select(node => new Uri(node, UriKind.Absolute))];
        options.ServerPids = [.. List("server-pid").Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))];
        options.DatabasePid = TakeInt("database-pid");
        options.ClockTicks = TakeInt("clk-tck") ?? options.ClockTicks;
        options.ApiToken = Take("api-token");
        options.UserSearchTerm = Take("search-term") ?? options.UserSearchTerm;
        options.Label = Take("label");
        options.OutputFile = Take("output");
        return values.Count == 0 ? options : throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys)}.");
    }

    public string User(int index) => string.Format(CultureInfo.InvariantCulture, UserFormat, index);
}
