using System.Collections;
using System.Diagnostics;

using Microsoft.Playwright;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright. It trusts Gatehouse's local CA through its own NSS certificate database
/// in a throwaway home folder; certificate errors are never ignored.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private const string Executable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _home;

    private Chromium(IPlaywright playwright, IBrowser browser, string home)
    {
        _playwright = playwright;
        Browser = browser;
        _home = home;
    }

    public IBrowser Browser { get; }

    /// <summary>Starts Chromium trusting the certificate authorities in <paramref name="caPemPath"/>.</summary>
    public static async Task<Chromium> LaunchAsync(string caPemPath)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: ./test.sh installs it (apt-get install chromium libnss3-tools).");
        }

        var home = Repository.NewTempDirectory("chromium-home");
        var nssDatabase = "sql:" + Path.Combine(home, ".pki", "nssdb");
        Directory.CreateDirectory(Path.Combine(home, ".pki", "nssdb"));
        await CertUtilAsync("-d", nssDatabase, "-N", "--empty-password");
        await CertUtilAsync("-d", nssDatabase, "-A", "-t", "C,,", "-n", "gatehouse", "-i", caPemPath);

        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!, StringComparer.Ordinal);
        environment["HOME"] = home;

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args = Arguments,
                Env = environment,
            });
            return new Chromium(playwright, browser, home);
        }
        catch
        {
            playwright.Dispose();
            Repository.DeleteDirectory(home);
            throw;
        }
    }

    /// <summary>A fresh browser profile (no cookies), as a new private window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = false });
        context.SetDefaultTimeout(30_000);
        // Expectations wait as long as actions: in CI the server tests run beside these on two cores, and a first
        // sign-in (password hash, the sample app's first discovery and code exchange) took over Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        Repository.DeleteDirectory(_home);
    }

    private static async Task CertUtilAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("certutil") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("certutil did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"certutil {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
